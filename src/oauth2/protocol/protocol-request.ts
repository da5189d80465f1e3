/**
 * What the form endpoints read of a request (query, parsed body, headers, media type): an Express request
 * satisfies it, and so does the bare `node:http` front door of the gateway listener.
 */
export interface ProtocolRequest {
  query: Record<string, unknown>;
  body?: unknown;
  header(name: string): string | undefined;
  /** The path the client addressed, without the query: the `htu` of a DPoP proof (RFC 9449 §4.3 point 9). */
  readonly path: string;
  is(type: string): string | false | null;
  /** The client's address, X-Forwarded-For as far as TRUST_PROXY trusts it (consumer IP restrictions, throttles). */
  readonly ip: string | undefined;
}
