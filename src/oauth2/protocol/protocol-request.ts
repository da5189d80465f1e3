/**
 * What the form endpoints read of a request (query, parsed body, headers, media type): an Express request
 * satisfies it, and so does the bare `node:http` front door of the gateway listener.
 */
export interface ProtocolRequest {
  query: Record<string, unknown>;
  body?: unknown;
  header(name: string): string | undefined;
  is(type: string): string | false | null;
}
