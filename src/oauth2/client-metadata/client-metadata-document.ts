import { isClientIdUrl } from './client-id-url';

/** What a Client ID Metadata Document tells of its client, once checked. */
export interface ClientMetadataDocument {
  clientId: string;
  clientName?: string;
  clientUri?: string;
  redirectUris: string[];
  /** RFC 7591 §2 defaults to `authorization_code`. */
  grantTypes: string[];
  scope?: string;
}

/** The document is not one this server will act on; the message says why, for the client's developer. */
export class ClientMetadataRefused extends Error {}

const MAX_REDIRECT_URIS = 10;
const MAX_TEXT_LENGTH = 500;
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);
/** Controls, format characters (bidi, zero-width) and lone surrogates: what would make a name read as another. */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}]/u;
/** Secrets are what a document must never carry: anyone can read it (draft §4.1). */
const SECRET_FIELDS = ['client_secret', 'client_secret_expires_at'];

/**
 * Checks a fetched document (draft-ietf-oauth-client-id-metadata-document §4.1): a JSON object whose `client_id` is
 * exactly the address it was fetched from, with its redirect URIs, and no shared secret: a document's client is a
 * public client (`token_endpoint_auth_method` `none`, RFC 7591 §2), which must use PKCE here.
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
  const method = fields.token_endpoint_auth_method ?? 'none';
  if (method !== 'none') {
    throw new ClientMetadataRefused(
      'A client known by its metadata document authenticates with none (a public client)',
    );
  }
  return {
    clientId: url,
    clientName: optionalText(fields, 'client_name'),
    clientUri: optionalText(fields, 'client_uri'),
    redirectUris: redirectUrisOf(fields.redirect_uris),
    grantTypes: grantTypesOf(fields.grant_types),
    scope: optionalText(fields, 'scope'),
  };
}

function redirectUrisOf(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_REDIRECT_URIS ||
    !value.every((uri) => typeof uri === 'string' && uri.length <= 2000)
  ) {
    throw new ClientMetadataRefused(`redirect_uris must list 1 to ${MAX_REDIRECT_URIS} addresses`);
  }
  return value as string[];
}

function grantTypesOf(value: unknown): string[] {
  if (value === undefined) {
    return ['authorization_code'];
  }
  if (!Array.isArray(value) || !value.every((type) => typeof type === 'string' && GRANT_TYPES.has(type))) {
    throw new ClientMetadataRefused('grant_types may name only authorization_code and refresh_token');
  }
  return value as string[];
}

function optionalText(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH || HIDDEN_CHARACTER.test(value)) {
    throw new ClientMetadataRefused(`${name} must be a short line of text`);
  }
  return value;
}
