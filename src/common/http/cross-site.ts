import type { Request } from 'express';

/** What `Sec-Fetch-Site` says of a request the browser made from our own pages, or on the user's own initiative. */
const OWN_SITE = new Set(['same-origin', 'none']);

/**
 * Whether a browser says this request comes from a page of another site (or of a sibling host on the same site),
 * which must not sign anyone in nor act with their session cookie (login CSRF and CSRF: RFC 6749 §10.12, OWASP
 * CSRF Prevention Cheat Sheet, "Fetch Metadata" and "Verifying Origin").
 *
 * `Sec-Fetch-Site` decides when sent (every current browser sends it), and `Origin` must then be absent, `null` or
 * the public URL's origin: our pages send no referrer, so a browser sends `Origin: null` on their own same-origin
 * posts. Without `Sec-Fetch-Site`, `Origin` must be the public URL's origin when present. A request with neither
 * comes from a client that is not a browser, which carries no ambient cookie to abuse.
 */
export function isCrossSiteRequest(request: Request, publicUrl: string): boolean {
  const origin = request.header('origin');
  if (origin !== undefined && origin !== 'null' && origin !== new URL(publicUrl).origin) {
    return true;
  }
  const site = request.header('sec-fetch-site');
  return site === undefined ? origin === 'null' : !OWN_SITE.has(site);
}
