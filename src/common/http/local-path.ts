/**
 * Whether `target` is a path on this server, safe to redirect to after login. Refuses absolute and
 * protocol-relative URLs and backslash tricks that browsers read as another host (open redirects).
 */
export function isLocalPath(target: string): boolean {
  return /^\/(?![/\\])/.test(target) && !/[\\\s]/.test(target) && !target.includes('/\\');
}

/** `target` when it is a local path (`isLocalPath`), else `fallback`: where a form or a link may send the person on. */
export function localPathOr(target: unknown, fallback: string): string {
  return typeof target === 'string' && isLocalPath(target) ? target : fallback;
}
