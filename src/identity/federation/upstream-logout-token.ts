import { type JWTVerifyGetKey, errors, jwtVerify } from 'jose';

/** Back-Channel Logout 1.0 §2.4's event, the claim that makes a JWT a logout token. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/**
 * How long after its `iat` a logout token is taken (§2.4 suggests tokens of about two minutes; an upstream signs
 * them when it sends them), and so how long its `jti` must be remembered to refuse a replay.
 */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 30;
/** What the replay memory keeps per token; OpenID Connect Core §2 bounds `sub` the same way. */
const MAX_CLAIM_LENGTH = 255;

/** Who the upstream says signed out: its `sub`, its session `sid`, or both (§2.4). */
export interface UpstreamLogout {
  jti: string;
  sub?: string;
  sid?: string;
}

export interface LogoutTokenExpectations {
  issuer: string;
  /** Gatehouse's client id at the upstream: the token's audience. */
  clientId: string;
  /** The upstream's signing keys (its `jwks_uri`). */
  keys: JWTVerifyGetKey;
  algorithms: string[];
}

/** A logout token that is not one, with why (for the log; the upstream is answered only `invalid_request`). */
export class LogoutTokenRefused extends Error {}

/**
 * Back-Channel Logout 1.0 §2.6, the receiver's checks, in order: a JWS signed with one of the issuer's keys in an
 * algorithm it signs ID Tokens with (never `none` or a MAC: the JWKS holds public keys); `iss` the upstream's, `aud`
 * Gatehouse's client id, `iat` present and recent, `exp` if present not passed (JWT validation as for ID Tokens,
 * Core §3.1.3.7); `events` holding the back-channel logout event as a JSON object; `sub` or `sid` or both; no
 * `nonce` (an ID Token is never taken for a logout token); a `jti` to refuse replays by (§2.6 point 7, the caller).
 */
export async function verifyLogoutToken(token: string, expected: LogoutTokenExpectations): Promise<UpstreamLogout> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, expected.keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: expected.algorithms,
      requiredClaims: ['iat', 'jti', 'events'],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) {
      throw new LogoutTokenRefused(`not a valid JWT from the upstream: ${error.message}`);
    }
    throw error;
  }
  const events = payload.events;
  const event =
    typeof events === 'object' && events !== null
      ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT]
      : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new LogoutTokenRefused('events has no back-channel logout event');
  }
  if ('nonce' in payload) {
    throw new LogoutTokenRefused('it has a nonce');
  }
  const jti = claim(payload, 'jti');
  const sub = claim(payload, 'sub');
  const sid = claim(payload, 'sid');
  if (jti === undefined) {
    throw new LogoutTokenRefused('it has no jti');
  }
  if (sub === undefined && sid === undefined) {
    throw new LogoutTokenRefused('it names neither sub nor sid');
  }
  return { jti, ...(sub === undefined ? {} : { sub }), ...(sid === undefined ? {} : { sid }) };
}

/** A claim that must be a non-empty string when present; anything else refuses the token. */
function claim(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '' || value.length > MAX_CLAIM_LENGTH) {
    throw new LogoutTokenRefused(`${name} is not a usable string`);
  }
  return value;
}
