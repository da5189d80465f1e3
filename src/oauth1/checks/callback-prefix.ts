interface RawUrl {
  scheme: string;
  userinfo?: string;
  host: string;
  port?: string;
  path: string;
  query?: string;
}

/**
 * Splits a URL without normalising it: the prefix rules compare what was written (`https://host` and
 * `https://host/` differ), which a WHATWG parser would hide.
 */
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

function split(url: string): RawUrl | undefined {
  const match = URL_PARTS.exec(url);
  if (!match) {
    return undefined;
  }
  const [, scheme, userinfo, host, port, path, query] = match;
  return { scheme: scheme.toLowerCase(), userinfo, host: host.toLowerCase(), port, path, query };
}

/**
 * Whether a prefix consumer may use `supplied` as its `oauth_callback` (reference §4.5, matrix A.5):
 * - no user name or password in it (CVE-2026-13707);
 * - scheme equal, except that a registered http also accepts https (upgrade only);
 * - host exactly equal;
 * - port equal (both absent counts), or registered port 1 for any port;
 * - with a registered query: the same path and a query starting with it; otherwise the path starts with the
 *   registered path.
 */
export function matchesCallbackPrefix(registered: string, supplied: string): boolean {
  const prefix = split(registered);
  const url = split(supplied);
  if (!prefix || !url || url.userinfo !== undefined) {
    return false;
  }
  const schemeOk = url.scheme === prefix.scheme || (prefix.scheme === 'http' && url.scheme === 'https');
  const portOk = prefix.port === '1' || prefix.port === url.port;
  if (!schemeOk || url.host !== prefix.host || !portOk) {
    return false;
  }
  if (prefix.query !== undefined) {
    return url.path === prefix.path && (url.query ?? '').startsWith(prefix.query);
  }
  return url.path.startsWith(prefix.path);
}
