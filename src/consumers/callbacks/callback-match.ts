import { readCallbackUrl } from './callback-url';

/**
 * RFC 8252 §7.3: the loopback IP literals, whose port a native app picks at run time. Not `localhost`, which
 * RFC 8252 §8.3 advises against (it may resolve elsewhere): a `localhost` callback matches exactly, port included.
 */
const LOOPBACK_IP_LITERALS = new Set(['127.0.0.1', '[::1]']);

/** MediaWiki's wildcard: a prefix registered with port 1 accepts any port of its host (reference §4.5, A.5). */
const ANY_PORT = '1';

/**
 * OAuth 2 (RFC 6749 §3.1.2.3; RFC 9700 §2.1 and §4.1.3, simple string comparison): whether `offered` may receive
 * codes for a client registered with `registered`. `offered` must be the registered URI exactly as it is stored,
 * in WHATWG-serialized form, so no case, dot-segment, encoding, default-port or backslash variant passes. Two
 * allowances only: an empty http(s) path written without its `/`, the same URI to a browser (RFC 3986 §6.2.3);
 * and any port for an http loopback IP literal (RFC 8252 §7.3), with everything else equal.
 * The registered side is serialized here too, so rows stored before serialization still compare.
 */
export function redirectUriMatches(registered: string, offered: string): boolean {
  const known = readCallbackUrl(registered);
  const given = readCallbackUrl(offered);
  if ('refusal' in known || 'refusal' in given || !writtenPlainly(offered, given.url)) {
    return false;
  }
  if (given.url.href === known.url.href) {
    return true;
  }
  return isLoopback(known.url) && isLoopback(given.url) && withoutPort(known.url) === withoutPort(given.url);
}

/**
 * RFC 6749 §4.1.3: a token request repeats the authorization request's `redirect_uri` identically when that
 * request carried one; otherwise it may leave it out or name the redirect URI the code went to.
 */
export function tokenRedirectUriMatches(
  issued: { redirectUri: string; redirectUriGiven: boolean },
  sent: string | undefined,
): boolean {
  return issued.redirectUriGiven ? sent === issued.redirectUri : sent === undefined || sent === issued.redirectUri;
}

/**
 * OAuth 1 prefix consumers (reference §4.5, matrix A.5): the serialized form of `supplied` when it falls under
 * the registered `prefix`, undefined otherwise. Both are compared as a browser will read them (issue 19, row 7):
 * after dot-segment removal (RFC 3986 §5.2.4), `%2e` dots and `\` separators included (WHATWG URL), so
 * `/cb/../../evil` and its spellings are `/evil` and fall outside `/cb`.
 * - scheme equal, except that a registered http also accepts https (an upgrade only);
 * - host exactly equal; port equal (default ports dropped), or any port for a prefix registered with port 1;
 * - with a registered query: the same path, and a query that is the registered one or continues it after `&`;
 * - otherwise the path is the registered one or lies under it on a segment boundary (`/cb` covers `/cb/x`, not
 *   `/cbx`), and the part beyond it hides no dot segment a decoding server could resolve.
 * The serialized form is what the request token keeps, so the browser is sent to exactly what was checked.
 */
export function callbackUnderPrefix(prefix: string, supplied: string): string | undefined {
  const known = readCallbackUrl(prefix);
  const given = readCallbackUrl(supplied);
  if ('refusal' in known || 'refusal' in given) {
    return undefined;
  }
  const base = known.url;
  const url = given.url;
  const schemeOk = url.protocol === base.protocol || (base.protocol === 'http:' && url.protocol === 'https:');
  const portOk = url.port === base.port || base.port === ANY_PORT;
  if (!schemeOk || url.hostname !== base.hostname || !portOk) {
    return undefined;
  }
  const under =
    base.search === ''
      ? pathUnder(base.pathname, url.pathname)
      : url.pathname === base.pathname && queryUnder(base.search, url.search);
  return under ? url.href : undefined;
}

function pathUnder(prefix: string, path: string): boolean {
  if (path === prefix) {
    return true;
  }
  const stem = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path.startsWith(stem) && !hidesDotSegment(path.slice(stem.length));
}

function queryUnder(prefix: string, query: string): boolean {
  return query === prefix || query.startsWith(prefix.endsWith('&') ? prefix : `${prefix}&`);
}

/**
 * A browser keeps `..%2f`, `%2e%2e%5c` or Tomcat's `..;` as they are, but a server that decodes before it
 * resolves, or drops `;` parameters, climbs out of the prefix with them (RFC 3986 §7.3).
 */
function hidesDotSegment(rest: string): boolean {
  const decoded = rest.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decoded.split(/[/\\]/).some((segment) => /^\.\.?(?:;|$)/.test(segment));
}

/** `raw` is the serialized form of `url`, or that form without the `/` of an empty http(s) path. */
function writtenPlainly(raw: string, url: URL): boolean {
  return raw === url.href || (url.pathname === '/' && raw === `${url.origin}${url.search}`);
}

function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_IP_LITERALS.has(url.hostname);
}

function withoutPort(url: URL): string {
  const copy = new URL(url.href);
  copy.port = '';
  return copy.href;
}
