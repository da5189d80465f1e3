import { type CryptoKey, type JWTPayload, SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  type LogoutTokenExpectations,
  LogoutTokenRefused,
  verifyLogoutToken,
} from './upstream-logout-token';

const ISSUER = 'https://sso.example.com';

describe('verifyLogoutToken (Back-Channel Logout 1.0 §2.6)', () => {
  let key: CryptoKey;
  let expected: LogoutTokenExpectations;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    expected = {
      issuer: ISSUER,
      clientId: 'gatehouse',
      keys: createLocalJWKSet({ keys: [jwk] }),
      algorithms: ['ES256'],
    };
  });

  function token(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: ISSUER,
      aud: 'gatehouse',
      iat: now,
      jti: 'j1',
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...header })
      .sign(key);
  }

  it('answers who signed out: sub, sid, and the jti to spend', async () => {
    await expect(verifyLogoutToken(await token({ sub: 'u1', sid: 's1' }), expected)).resolves.toEqual({
      jti: 'j1',
      sub: 'u1',
      sid: 's1',
    });
    await expect(verifyLogoutToken(await token({ sid: 's1' }), expected)).resolves.toEqual({ jti: 'j1', sid: 's1' });
  });

  it.each([
    ['a nonce', { sub: 'u1', nonce: 'n' }],
    ['no logout event', { sub: 'u1', events: { 'https://example.com/other': {} } }],
    ['an event that is not an object', { sub: 'u1', events: { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' } }],
    ['neither sub nor sid', {}],
    ['another audience', { sub: 'u1', aud: 'someone-else' }],
    ['another issuer', { sub: 'u1', iss: 'https://elsewhere.example.com' }],
    ['no jti', { sub: 'u1', jti: undefined }],
    ['an empty sid', { sub: 'u1', sid: '' }],
    ['an old iat', { sub: 'u1', iat: Math.floor(Date.now() / 1000) - 3600 }],
  ])('refuses a token with %s', async (_why, claims) => {
    await expect(verifyLogoutToken(await token(claims as JWTPayload), expected)).rejects.toBeInstanceOf(
      LogoutTokenRefused,
    );
  });

  it('refuses a token in an algorithm the upstream does not sign with, and one that is no JWT', async () => {
    const mac = await new SignJWT({ sub: 'u1', iss: ISSUER, aud: 'gatehouse', iat: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode('a-secret-anyone-could-guess-0123456789'));
    await expect(verifyLogoutToken(mac, expected)).rejects.toBeInstanceOf(LogoutTokenRefused);
    await expect(verifyLogoutToken('not.a.jwt', expected)).rejects.toBeInstanceOf(LogoutTokenRefused);
  });
});
