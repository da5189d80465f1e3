import type { IncomingMessage } from 'node:http';

/**
 * Limits on what a request may carry, applied at the edge before any parser or validator walks it (issue 17: a
 * 10 kB body of 5 000 nested arrays made class-transformer recurse out of stack). The same figures hold on the main
 * port and on the dedicated gateway listener, and docs/security.md lists them.
 */
export const INPUT_LIMITS = {
  /** JSON bodies of the management API and MediaWiki's REST client endpoints. */
  jsonBytes: 100 * 1024,
  /** Nesting of JSON objects and arrays; the deepest body the API takes is 3 levels. */
  jsonDepth: 32,
  /** Object members in one JSON body, all levels together. */
  jsonKeys: 1000,
  /** One JSON string, in bytes as sent (escapes included): the longest stored text field (a description) is 65 535. */
  jsonStringBytes: 64 * 1024,
  /** Form bodies of the HTML pages (registration forms carry descriptions and RSA keys). */
  pageFormBytes: 100 * 1024,
  /** Form bodies of the protocol endpoints (OAuth 1, OAuth 2 token, revocation, introspection, consent). */
  protocolFormBytes: 32 * 1024,
  /** Fields in one form body (a repeated name counts each time). */
  formParameters: 256,
  /** All request headers together, as Node's `maxHeaderSize` counts them; over it Node answers 431. */
  headerBytes: 16 * 1024,
  /** Header lines in one request; over it the request is refused with 431 (RFC 6585 §5). */
  headers: 100,
} as const;

/**
 * The protocol endpoints, whose forms are small: OAuth 1 at its canonical and MediaWiki addresses, and the OAuth 2
 * endpoints that take forms (MediaWiki's REST client endpoints under the same prefix take JSON or larger forms).
 */
const PROTOCOL_PATHS =
  /^\/(oauth1\/|(w\/)?index\.php$|wiki\/Special:OAuth\/|((w\/)?rest\.php\/)?oauth2\/(authorize|access_token|token|revoke|introspect)$)/;

export function isProtocolPath(path: string): boolean {
  return PROTOCOL_PATHS.test(path);
}

/**
 * Over INPUT_LIMITS.headers header lines a request is refused with 431 (RFC 6585 §5), in the route's format like a
 * refused body; Node itself answers 431 past `maxHeaderSize`, and its own `maxHeadersCount` would answer a bare 400.
 */
export function tooManyHeaderLines(request: IncomingMessage): boolean {
  return request.rawHeaders.length / 2 > INPUT_LIMITS.headers;
}
