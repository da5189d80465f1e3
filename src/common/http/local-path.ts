/**
 * Whether `target` is a path on this server, safe to redirect to after login. Refuses absolute and
 * protocol-relative URLs and backslash tricks that browsers read as another host (open redirects).
 */
export function isLocalPath(target: string): boolean {
  return /^\/(?![/\\])/.test(target) && !/[\\\s]/.test(target) && !target.includes('/\\');
}
