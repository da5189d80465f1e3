import type { AuthContext } from '../../common/auth/auth-context';
import type { AppRequest } from '../../common/http/app-request';
import type { AuthorizationInteraction } from '../../oauth2/extensions/oauth2-extension';
import { Oauth2Error } from '../../oauth2/oauth2-error';
import { parameter } from '../../oauth2/protocol/protocol-parameters';

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
/** A nonce is the client's own value, echoed; bounded so it cannot bloat what the code carries. */
const MAX_NONCE_LENGTH = 512;
/** A user name is at most this long; a longer hint can name nobody and is not passed on to the sign-in page. */
const MAX_HINT_LENGTH = 255;

/** What an OpenID Connect authorization carries from the request to the code exchange. */
export interface OidcCarried {
  nonce?: string;
  sid: string;
  authTime: number;
  amr: string[];
}

/** The subject an `id_token_hint` names, once its signature checked out; undefined when it is not ours. */
export type IdTokenHintReader = (hint: string) => string | undefined;

/**
 * OpenID Connect Core §3.1.2.1-§3.1.2.3 for a request whose granted scopes include `openid`: `nonce` is kept for the
 * ID Token; `prompt`, `max_age` and `id_token_hint` decide whether the user must sign in (again) and whether the
 * consent page may be skipped or shown; `login_hint` fills the sign-in form. Errors are `invalid_request`, or with
 * `prompt=none` `login_required` / `consent_required`, all redirected to the client.
 */
export function oidcInteraction(
  request: AppRequest,
  auth: AuthContext | undefined,
  readHint: IdTokenHintReader,
  now: number,
): AuthorizationInteraction {
  const nonce = parameter(request, 'nonce', 'query');
  if (nonce !== undefined && nonce.length > MAX_NONCE_LENGTH) {
    throw new Oauth2Error('invalid_request', `The nonce may be at most ${MAX_NONCE_LENGTH} characters`);
  }
  const prompt = readPrompt(request);
  const maxAge = readMaxAge(request);
  const hinted = parameter(request, 'login_hint', 'query');
  const loginHint = hinted !== undefined && hinted.length <= MAX_HINT_LENGTH ? hinted : undefined;
  const hint = parameter(request, 'id_token_hint', 'query');
  const hintedSubject = hint === undefined ? undefined : readHint(hint);
  if (hint !== undefined && hintedSubject === undefined) {
    throw new Oauth2Error('invalid_request', 'The id_token_hint is not an ID Token of this server');
  }
  const session = auth?.session;
  // Core §3.1.2.1: "max_age=0 is equivalent to prompt=login", even within the second of the sign-in.
  const stale =
    session !== undefined &&
    maxAge !== undefined &&
    (maxAge === 0 || session.authTime === 0 || now - session.authTime > maxAge);
  const otherUser = session !== undefined && hintedSubject !== undefined && hintedSubject !== String(auth?.userId);
  const signIn = session === undefined || prompt.has('login') || prompt.has('select_account') || stale || otherUser;
  if (signIn && prompt.has('none')) {
    throw new Oauth2Error('login_required', 'The user is not signed in as this request needs');
  }
  const consent: AuthorizationInteraction['consent'] = prompt.has('none')
    ? { mode: 'never', error: 'consent_required' }
    : prompt.has('consent')
      ? { mode: 'ask' }
      : { mode: 'reuse' };
  if (signIn) {
    // Signed out, the usual sign-in follows unless a hint is to be shown; signed in, the sign-in returns to the
    // request without what asked for it, so a fresh sign-in ends the loop (its auth_time is now).
    const forced = session !== undefined;
    if (!forced && loginHint === undefined) {
      return { consent };
    }
    return {
      login: { returnTo: forced ? withoutSignInDemands(request.originalUrl) : undefined, hint: loginHint },
      consent,
    };
  }
  const carried: OidcCarried = { sid: session.sid, authTime: session.authTime, amr: session.amr };
  if (nonce !== undefined) {
    carried.nonce = nonce;
  }
  return { consent, carried: { ...carried } };
}

function readPrompt(request: AppRequest): Set<string> {
  const value = parameter(request, 'prompt', 'query');
  const prompt = new Set(value === undefined ? [] : value.split(' ').filter((word) => word !== ''));
  const unknown = [...prompt].filter((word) => !PROMPTS.has(word));
  if (unknown.length > 0) {
    // Named, not echoed: the value goes back in the redirect, and may be anything.
    throw new Oauth2Error('invalid_request', 'Unsupported prompt value; use none, login, consent or select_account');
  }
  if (prompt.has('none') && prompt.size > 1) {
    throw new Oauth2Error('invalid_request', 'prompt=none cannot be combined with other values');
  }
  return prompt;
}

function readMaxAge(request: AppRequest): number | undefined {
  const value = parameter(request, 'max_age', 'query');
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d{1,10}$/.test(value)) {
    throw new Oauth2Error('invalid_request', 'max_age must be a number of seconds');
  }
  return Number(value);
}

/** The request's own address without `max_age` and the prompts that ask for a sign-in. */
function withoutSignInDemands(originalUrl: string): string {
  const url = new URL(originalUrl, 'http://local');
  url.searchParams.delete('max_age');
  const prompt = (url.searchParams.get('prompt') ?? '')
    .split(' ')
    .filter((word) => word !== '' && word !== 'login' && word !== 'select_account');
  url.searchParams.delete('prompt');
  if (prompt.length > 0) {
    url.searchParams.set('prompt', prompt.join(' '));
  }
  return `${url.pathname}${url.search}`;
}
