import type { IncomingHttpHeaders } from 'node:http';
import { isBaseStringAuthority } from '../oauth1/signature/base-string';

/** A call to the decision endpoint, as either front door (Nest or bare `node:http`) received it. */
export interface GatewayRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /**
   * The path after `/gateway/verify` with the query, when the gateway appends the original request to it (Envoy's
   * `path_prefix`); empty when it calls `/gateway/verify` itself and describes the request in headers.
   */
  suffix: string;
  /** The end client's address: X-Forwarded-For as far as TRUST_PROXY trusts it, else the peer. */
  clientIp: string;
}

/** The request the gateway is asking about (DESIGN §11), and what it requires of the credential. */
export interface OriginalRequest {
  method: string;
  /** Scheme, host and path, without the query: what an OAuth 1 client signs. */
  baseUrl: string;
  query: string;
  grants: string[];
  right: string | undefined;
  /** The resource the gateway guards (RFC 8707), when its configuration names it; else found by the URL. */
  resource: string | undefined;
}

/** What the gateway's own configuration requires of the credential: never read from the client's request. */
export type Requirements = Pick<OriginalRequest, 'grants' | 'right' | 'resource'>;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Rebuilds the original request from one style only, never mixing fields of two, so a client header of the
 * other style cannot change what was signed:
 * - Envoy: the check request is the original one, its path appended to `/gateway/verify`; requirements come in
 *   `X-Gateway-Require-Grant` / `X-Gateway-Require-Right` / `X-Gateway-Require-Resource`;
 * - nginx: `X-Original-URI` + `X-Original-Method`;
 * - Traefik: `X-Forwarded-Uri` + `X-Forwarded-Method`;
 * the last two with requirements in `/gateway/verify?grant=&right=&resource=`. The host is `X-Forwarded-Host`, else `Host`.
 */
export function originalRequest(request: GatewayRequest): OriginalRequest | undefined {
  const { headers } = request;
  const ownQueryAt = request.suffix.indexOf('?');
  let method: string;
  let uri: string | undefined;
  let requirements: URLSearchParams;
  if (request.suffix.startsWith('/')) {
    method = request.method;
    uri = request.suffix;
    requirements = new URLSearchParams({
      grant: header(headers, 'x-gateway-require-grant') ?? '',
      right: header(headers, 'x-gateway-require-right') ?? '',
      resource: header(headers, 'x-gateway-require-resource') ?? '',
    });
  } else {
    const nginx = header(headers, 'x-original-uri') !== undefined;
    method = header(headers, nginx ? 'x-original-method' : 'x-forwarded-method') ?? 'GET';
    uri = header(headers, nginx ? 'x-original-uri' : 'x-forwarded-uri');
    requirements = new URLSearchParams(ownQueryAt < 0 ? '' : request.suffix.slice(ownQueryAt + 1));
  }
  const host = header(headers, 'x-forwarded-host') ?? header(headers, 'host');
  const grants = (requirements.get('grant') ?? '').split(',').filter(Boolean);
  const right = requirements.get('right') || undefined;
  const resource = requirements.get('resource') || undefined;
  if (uri === undefined || host === undefined || !uri.startsWith('/')) {
    return undefined;
  }
  // The host comes from a header anyone can send: one no client can have addressed (a port past 65535, spaces, user
  // info) describes no request, so there is no description rather than a URL the OAuth 1 base string refuses.
  const authority = host.split(',')[0].trim();
  if (!isBaseStringAuthority(authority)) {
    return undefined;
  }
  const proto = (header(headers, 'x-forwarded-proto') ?? 'http').split(',')[0].trim().toLowerCase();
  const queryAt = uri.indexOf('?');
  return {
    method: method.toUpperCase(),
    baseUrl: `${proto === 'https' ? 'https' : 'http'}://${authority}${queryAt < 0 ? uri : uri.slice(0, queryAt)}`,
    query: queryAt < 0 ? '' : uri.slice(queryAt + 1),
    grants,
    right,
    resource,
  };
}

/**
 * The requirements alone, for a bearer token whose request the gateway may not describe: `described` is what
 * `originalRequest` made of it (read once per decision, ~2 µs).
 */
export function requirementsOf(request: GatewayRequest, described: OriginalRequest | undefined): Requirements {
  if (described) {
    return { grants: described.grants, right: described.right, resource: described.resource };
  }
  const queryAt = request.suffix.indexOf('?');
  const query = new URLSearchParams(queryAt < 0 ? '' : request.suffix.slice(queryAt + 1));
  return {
    grants: (query.get('grant') ?? '').split(',').filter(Boolean),
    right: query.get('right') || undefined,
    resource: query.get('resource') || undefined,
  };
}

export function authorizationOf(request: GatewayRequest): string | undefined {
  return header(request.headers, 'authorization');
}

export function gatewayKeyOf(request: GatewayRequest): string | undefined {
  return header(request.headers, 'x-gateway-key');
}
