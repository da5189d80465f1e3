/** RFC 8252 §7.3: loopback IP literals, whose port a native app picks at run time. */
const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]'];

/**
 * Whether `offered` may receive codes for a client registered with `registered` (attack case 1): the same string
 * exactly, no prefix, case or encoding games; the one exception is the port of an `http` loopback IP literal,
 * and only the port (no userinfo, same path, query and everything else).
 */
export function redirectUriMatches(registered: string, offered: string): boolean {
  if (registered === '' || offered.includes('#')) {
    return false;
  }
  if (registered === offered) {
    return true;
  }
  const a = parseLoopback(registered);
  const b = parseLoopback(offered);
  return a !== undefined && b !== undefined && a === b;
}

/** The URI with its port removed when it is an http loopback URI written plainly; undefined otherwise. */
function parseLoopback(uri: string): string | undefined {
  const match = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(\/[^#]*)?$/.exec(uri);
  if (!match || !LOOPBACK_HOSTS.includes(match[1])) {
    return undefined;
  }
  return `http://${match[1]}${match[3] ?? '/'}`;
}
