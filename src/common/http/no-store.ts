/**
 * Every answer is `Cache-Control: no-store` unless its route sets its own (`@Header('Cache-Control', …)` replaces
 * this; `RequestEdge` sets it first). API answers and pages carry secrets (client secrets, access tokens, CSRF tokens)
 * or private data, and a default cannot be forgotten on a new route the way a per-route header can (RFC 6749 §5.1,
 * RFC 9111 §5.2.2.5). Only public documents without secrets (JWKS, server metadata, stylesheets) opt into caching.
 */
export const NO_STORE_BY_DEFAULT = ['Cache-Control', 'no-store'] as const;
