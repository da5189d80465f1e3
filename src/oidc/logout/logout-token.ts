import { randomHex } from '../../common/crypto/crypto';
import { LOGOUT_TOKEN_LIFETIME_SECONDS } from '../../oauth2/keys/signed-token-lifetimes';

/** Back-Channel Logout 1.0 §2.4's event, the claim that makes a JWT a logout token. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** §2.4 suggests a lifetime of about two minutes: the token is signed when it is sent, so a late delivery is fresh. */
const LIFETIME_SECONDS = LOGOUT_TOKEN_LIFETIME_SECONDS;

/** What the outbox keeps of a logout token until it is delivered. */
export interface PendingLogout {
  sub: string;
  aud: string;
  sid: string;
  /** Stable across retries, so a receiver can recognise a token it already acted on (§2.6). */
  jti: string;
}

export function pendingLogout(sub: string, aud: string, sid: string): PendingLogout {
  return { sub, aud, sid, jti: randomHex(16) };
}

/**
 * The claims of a logout token (Back-Channel Logout 1.0 §2.4): `iss`, `aud`, `iat`, `exp`, `jti`, `events`, and both
 * `sub` and `sid`; never a `nonce` (§2.4: its presence makes receivers refuse the token).
 */
export function logoutTokenClaims(pending: PendingLogout, issuer: string, now: number): Record<string, unknown> {
  return {
    iss: issuer,
    sub: pending.sub,
    aud: pending.aud,
    iat: now,
    exp: now + LIFETIME_SECONDS,
    jti: pending.jti,
    sid: pending.sid,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
}
