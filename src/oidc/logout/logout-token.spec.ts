import { BACKCHANNEL_LOGOUT_EVENT, logoutTokenClaims, pendingLogout } from './logout-token';

describe('logout tokens (Back-Channel Logout 1.0 §2.4)', () => {
  it('names the user, the app and the session, with the event and a short life, and never a nonce', () => {
    const pending = pendingLogout('42', 'client-key', 'sid-1');
    const claims = logoutTokenClaims(pending, 'https://auth.example', 1000);
    expect(claims).toEqual({
      iss: 'https://auth.example',
      sub: '42',
      aud: 'client-key',
      iat: 1000,
      exp: 1120,
      jti: pending.jti,
      sid: 'sid-1',
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    });
    expect(claims).not.toHaveProperty('nonce');
  });

  it('keeps one jti per token across tries, and a new one per token', () => {
    const pending = pendingLogout('42', 'c', 's');
    expect(logoutTokenClaims(pending, 'i', 1).jti).toBe(logoutTokenClaims(pending, 'i', 99).jti);
    expect(pendingLogout('42', 'c', 's').jti).not.toBe(pending.jti);
  });
});
