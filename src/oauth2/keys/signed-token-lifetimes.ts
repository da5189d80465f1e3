/**
 * The longest lifetimes of the tokens the signing keys sign besides access tokens (whose lifetime is configured): a
 * retired key stays published until the last of them has expired.
 */
export const ID_TOKEN_MAX_LIFETIME_SECONDS = 3600;

/** OpenID Connect Back-Channel Logout 1.0 §2.4 suggests about two minutes: the token is signed when it is sent. */
export const LOGOUT_TOKEN_LIFETIME_SECONDS = 120;

/** How long caches may keep `/.well-known/jwks.json` (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300;
