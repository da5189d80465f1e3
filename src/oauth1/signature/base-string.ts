import type { Parameter } from './form-parameters';
import { percentEncode } from './percent-encode';

export interface BaseStringRequest {
  readonly method: string;
  /**
   * The absolute URL the client addressed. The server rebuilds it from PUBLIC_URL (or trusted forwarded
   * headers) and the request path, never from the Host header the client sent. Query and fragment are ignored.
   */
  readonly url: string;
  /** from collectParameters; `oauth_signature` is left out here */
  readonly parameters: readonly Parameter[];
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;
// RFC 3986 §3.2.2: an IP literal in brackets or a reg-name; §3.2.3: a decimal port
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::([0-9]+))?$/;
const DEFAULT_PORTS = new Map([
  ['http', 80],
  ['https', 443],
]);

/**
 * RFC 5849 §3.4.1.2: scheme and host lowercased, the port only when it is not the scheme's default, the path as
 * sent (an empty one is `/`), no query or fragment. The path is kept byte for byte rather than normalised the
 * WHATWG way: the client signed the path it sent, dot segments and escapes included.
 * Throws TypeError on a URL the server should never have built (not http(s), user info, bad port).
 */
export function baseStringUri(url: string): string {
  const parts = URL_PARTS.exec(url);
  const authority = parts && AUTHORITY.exec(parts[2]);
  if (!parts || !authority) {
    throw invalidUri(url);
  }
  const scheme = parts[1].toLowerCase();
  const defaultPort = DEFAULT_PORTS.get(scheme);
  const port = authority[2] === undefined ? defaultPort : Number(authority[2]);
  if (defaultPort === undefined || port === undefined || !isPort(port)) {
    throw invalidUri(url);
  }
  const host = authority[1].toLowerCase();
  return `${scheme}://${host}${port === defaultPort ? '' : `:${port}`}${parts[3] || '/'}`;
}

/**
 * Whether `authority` (a `Host` value) is one `baseStringUri` takes: a host and an optional port in 1-65535, no user
 * info (RFC 3986 §3.2). The gateway checks a forwarded host with it on every decision, without building the URI.
 */
export function isBaseStringAuthority(authority: string): boolean {
  const parts = AUTHORITY.exec(authority);
  return parts !== null && (parts[2] === undefined || isPort(Number(parts[2])));
}

function isPort(port: number): boolean {
  return port >= 1 && port <= 65535;
}

function invalidUri(url: string): TypeError {
  return new TypeError(`Not a base string URI (an absolute http or https URL without user info): ${url}`);
}

/**
 * RFC 5849 §3.4.1.3.2: every pair but `oauth_signature` (§3.4.1.3.1), name and value encoded (§3.6), sorted by
 * encoded name then encoded value in byte order (the encoded forms are ASCII, so code-unit comparison is byte
 * order; `x=200` sorts before `x=25`), joined as `name=value` with `&`, `name=` when the value is empty.
 */
export function normalizeParameters(parameters: readonly Parameter[]): string {
  return parameters
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 5849 §3.4.1.1: METHOD & encode(base string URI) & encode(normalized parameters). */
export function signatureBaseString(request: BaseStringRequest): string {
  return [
    percentEncode(request.method.toUpperCase()),
    percentEncode(baseStringUri(request.url)),
    percentEncode(normalizeParameters(request.parameters)),
  ].join('&');
}
