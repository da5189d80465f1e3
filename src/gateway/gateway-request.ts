import type { IncomingHttpHeaders } from 'node:http';

/** A call to the decision endpoint, as either front door (Nest or bare `node:http`) received it. */
export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  /** The decision endpoint's own query (`grant`, `right`). */
  query: URLSearchParams;
  /** The end client's address: X-Forwarded-For as far as TRUST_PROXY trusts it, else the peer. */
  clientIp: string;
}

/** The request the gateway is asking about, rebuilt from its forwarding headers (DESIGN §11). */
export interface OriginalRequest {
  method: string;
  /** Scheme, host and path, without the query: what an OAuth 1 client signs. */
  baseUrl: string;
  query: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Traefik's `X-Forwarded-Method/Proto/Host/Uri` or nginx's `X-Original-Method` + `X-Original-URI` (with
 * `X-Forwarded-Proto`/`X-Forwarded-Host` or `Host`). Undefined when the gateway said nothing of the original URI.
 */
export function originalRequest(headers: IncomingHttpHeaders): OriginalRequest | undefined {
  const uri = header(headers, 'x-forwarded-uri') ?? header(headers, 'x-original-uri');
  const host = header(headers, 'x-forwarded-host') ?? header(headers, 'host');
  if (uri === undefined || host === undefined || !uri.startsWith('/')) {
    return undefined;
  }
  const proto = (header(headers, 'x-forwarded-proto') ?? 'http').split(',')[0].trim().toLowerCase();
  const method = (header(headers, 'x-forwarded-method') ?? header(headers, 'x-original-method') ?? 'GET').toUpperCase();
  const queryAt = uri.indexOf('?');
  const path = queryAt < 0 ? uri : uri.slice(0, queryAt);
  return {
    method,
    baseUrl: `${proto === 'https' ? 'https' : 'http'}://${host.split(',')[0].trim()}${path}`,
    query: queryAt < 0 ? '' : uri.slice(queryAt + 1),
  };
}

export function authorizationOf(request: GatewayRequest): string | undefined {
  return header(request.headers, 'authorization');
}

export function gatewayKeyOf(request: GatewayRequest): string | undefined {
  return header(request.headers, 'x-gateway-key');
}
