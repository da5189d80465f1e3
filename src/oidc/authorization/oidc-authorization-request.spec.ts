import type { AuthContext } from '../../common/auth/auth-context';
import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../../oauth2/oauth2-error';
import { oidcInteraction } from './oidc-authorization-request';

const NOW = 1_800_000_000;

function request(query: Record<string, string>): AppRequest {
  const search = new URLSearchParams({ client_id: 'c', scope: 'openid', ...query }).toString();
  return { query, originalUrl: `/oauth2/authorize?${search}` } as unknown as AppRequest;
}

function signedIn(authTime: number, userId = 7): AuthContext {
  return {
    userId,
    userName: 'Alice',
    groups: [],
    rights: new Set(),
    via: 'session',
    blocked: false,
    session: { id: 'id', csrfToken: 'csrf', sid: 'sid-1', authTime, amr: ['pwd'] },
  };
}

const noHint = () => undefined;
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Oauth2Error).error;
  }
  return undefined;
};

describe('oidcInteraction (OpenID Connect Core §3.1.2.1)', () => {
  it('carries the nonce and the session to the code, and reuses an earlier consent', () => {
    expect(oidcInteraction(request({ nonce: 'n-1' }), signedIn(NOW - 10), noHint, NOW)).toEqual({
      consent: { mode: 'reuse' },
      carried: { nonce: 'n-1', sid: 'sid-1', authTime: NOW - 10, amr: ['pwd'] },
    });
  });

  it('leaves the sign-in to the endpoint for a signed-out caller, unless there is a hint to show', () => {
    expect(oidcInteraction(request({}), undefined, noHint, NOW)).toEqual({ consent: { mode: 'reuse' } });
    expect(oidcInteraction(request({ login_hint: 'alice' }), undefined, noHint, NOW).login).toEqual({
      returnTo: undefined,
      hint: 'alice',
    });
  });

  it('answers login_required for prompt=none whenever a sign-in would be needed', () => {
    expect(refusal(() => oidcInteraction(request({ prompt: 'none' }), undefined, noHint, NOW))).toBe('login_required');
    const stale = request({ prompt: 'none', max_age: '60' });
    expect(refusal(() => oidcInteraction(stale, signedIn(NOW - 61), noHint, NOW))).toBe('login_required');
    const other = request({ prompt: 'none', id_token_hint: 'x' });
    expect(refusal(() => oidcInteraction(other, signedIn(NOW), () => '8', NOW))).toBe('login_required');
    expect(oidcInteraction(other, signedIn(NOW), () => '7', NOW).consent).toEqual({
      mode: 'never',
      error: 'consent_required',
    });
  });

  it('forces a fresh sign-in for prompt=login, select_account, max_age=0 and an old one, returning without them', () => {
    const demands: Record<string, string>[] = [
      { prompt: 'login consent' },
      { prompt: 'select_account' },
      { max_age: '0' },
    ];
    for (const query of demands) {
      const interaction = oidcInteraction(request(query), signedIn(NOW), noHint, NOW);
      const returnTo = new URL(interaction.login?.returnTo as string, 'http://x');
      expect(returnTo.searchParams.has('max_age')).toBe(false);
      expect(returnTo.searchParams.get('prompt') ?? '').not.toMatch(/login|select_account/);
    }
    expect(oidcInteraction(request({ max_age: '60' }), signedIn(NOW - 61), noHint, NOW).login).toBeDefined();
    expect(oidcInteraction(request({ max_age: '60' }), signedIn(NOW - 60), noHint, NOW).login).toBeUndefined();
    // A session from before auth_time was recorded cannot prove its age.
    expect(oidcInteraction(request({ max_age: '600' }), signedIn(0), noHint, NOW).login).toBeDefined();
  });

  it('keeps prompt=consent when the sign-in drops prompt=login', () => {
    const interaction = oidcInteraction(request({ prompt: 'login consent' }), signedIn(NOW), noHint, NOW);
    expect(new URL(interaction.login?.returnTo as string, 'http://x').searchParams.get('prompt')).toBe('consent');
    expect(interaction.consent).toEqual({ mode: 'ask' });
  });

  it('refuses malformed parameters with invalid_request', () => {
    const malformed: Record<string, string>[] = [
      { prompt: 'sometimes' },
      { prompt: 'none consent' },
      { max_age: 'soon' },
      { max_age: '-5' },
      { nonce: 'n'.repeat(513) },
      { id_token_hint: 'not ours' },
    ];
    for (const query of malformed) {
      expect(refusal(() => oidcInteraction(request(query), signedIn(NOW), noHint, NOW))).toBe('invalid_request');
    }
  });
});
