import { Oauth2Error } from '../oauth2-error';
import { type ClientMetadata, readClientMetadata } from '../dynamic-registration/client-metadata';
import { isClientIdUrl } from './client-id-url';

/** What a Client ID Metadata Document tells of its client, once checked: RFC 7591 metadata and its own address. */
export interface ClientMetadataDocument extends ClientMetadata {
  clientId: string;
}

/** The document is not one this server will act on; the message says why, for the client's developer. */
export class ClientMetadataRefused extends Error {}

/** The code flow of a public client and its refreshes: what a client no one registered may use. */
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);
/** Secrets are what a document must never carry: anyone can read it (draft §4.1). */
const SECRET_FIELDS = ['client_secret', 'client_secret_expires_at'];

/**
 * Checks a fetched document (draft-ietf-oauth-client-id-metadata-document §4.1): a JSON object whose `client_id` is
 * exactly the address it was fetched from, with RFC 7591 metadata read as a registration's is, and no shared secret:
 * a document's client is a public client (`token_endpoint_auth_method` `none`, RFC 7591 §2), which must use PKCE here.
 */
export function checkClientMetadataDocument(url: string, body: string): ClientMetadataDocument {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw new ClientMetadataRefused('The client metadata document is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ClientMetadataRefused('The client metadata document is not a JSON object');
  }
  const fields = document as Record<string, unknown>;
  if (fields.client_id !== url || !isClientIdUrl(url)) {
    throw new ClientMetadataRefused(
      'The client_id of the client metadata document is not the address it was fetched from',
    );
  }
  if (SECRET_FIELDS.some((field) => field in fields)) {
    throw new ClientMetadataRefused('A client metadata document may not carry a client secret');
  }
  let metadata: ClientMetadata;
  try {
    metadata = readClientMetadata(fields);
  } catch (error) {
    throw error instanceof Oauth2Error ? new ClientMetadataRefused(error.message) : error;
  }
  if ((metadata.tokenEndpointAuthMethod ?? 'none') !== 'none') {
    throw new ClientMetadataRefused(
      'A client known by its metadata document authenticates with none (a public client)',
    );
  }
  if (!metadata.grantTypes.every((type) => GRANT_TYPES.has(type))) {
    throw new ClientMetadataRefused('grant_types may name only authorization_code and refresh_token');
  }
  return { ...metadata, clientId: url };
}
