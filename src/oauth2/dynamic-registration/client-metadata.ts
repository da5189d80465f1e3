import { readCallbackUrl } from '../../consumers/callbacks/callback-url';
import { Oauth2Error } from '../oauth2-error';

/** A consumer's name column; MediaWiki's limit for a consumer name. */
const MAX_NAME_LENGTH = 128;
/** A consumer holds one callback (reference §2.2): a second redirect URI could never be used. */
const MAX_REDIRECT_URIS = 1;
const MAX_CONTACTS = 5;
const MAX_CONTACT_LENGTH = 255;
const MAX_LIST_ITEMS = 10;
const MAX_SCOPE_LENGTH = 1000;
const MAX_URI_LENGTH = 2000;
/** Controls, format characters (bidi overrides, zero-width) and lone surrogates: a name must read as it is. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}]/u;
/** Something that reads as one address: no white space, controls or invisible characters, one `@`. */
const EMAIL = /^[^\s\p{Cc}\p{Cf}@]+@[^\s\p{Cc}\p{Cf}@]+$/u;
/** `..` or `.` path segments, plain or percent-encoded: a parser resolves them, so the URI is not what it says. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|\?|$)/i;

/** The RFC 7591 §2 metadata this server understands; anything else a client sends is ignored (RFC 7591 §2). */
export interface ClientMetadata {
  redirectUris: string[];
  tokenEndpointAuthMethod?: string;
  grantTypes: string[];
  responseTypes: string[];
  clientName?: string;
  /** RFC 7591 §2 `scope`: space-separated grant names. */
  scope?: string[];
  contacts: string[];
  jwks?: unknown;
  jwksUri?: string;
  /**
   * The resources (RFC 8707 §2) the client asks tokens for. RFC 7591 §2 leaves room for more metadata; the name is the
   * consumer API's. Checked as every consumer's resources are when the proposal is made.
   */
  resources?: string[];
}

/**
 * Reads a registration request's JSON body (RFC 7591 §2, §3.1): every understood field of the right type and size,
 * redirect URIs read as a browser reads them (issue 19's callback rules, no dot segments); refusals are RFC 7591
 * §3.2.2 errors. The consumer rules (schemes per client type, grants, grant types) are applied after, when the
 * proposal is made.
 */
export function readClientMetadata(body: unknown): ClientMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidMetadata('The request body must be a JSON object of client metadata (RFC 7591 §3.1)');
  }
  const fields = body as Record<string, unknown>;
  const grantTypes = stringList(fields, 'grant_types', MAX_LIST_ITEMS, 100) ?? ['authorization_code'];
  const redirectUris = readRedirectUris(fields);
  // RFC 7591 §2: a client of the code grant must register its redirect URIs.
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new Oauth2Error('invalid_redirect_uri', 'redirect_uris is required for the authorization_code grant');
  }
  const responseTypes = stringList(fields, 'response_types', MAX_LIST_ITEMS, 100) ?? ['code'];
  if (responseTypes.some((type) => type !== 'code')) {
    throw invalidMetadata('response_types: this server supports only "code"');
  }
  const clientName = string(fields, 'client_name', MAX_NAME_LENGTH);
  if (clientName !== undefined && (HIDDEN.test(clientName) || clientName.trim() === '')) {
    throw invalidMetadata('client_name must be visible text, without control or invisible characters');
  }
  const scope = string(fields, 'scope', MAX_SCOPE_LENGTH);
  const contacts = stringList(fields, 'contacts', MAX_CONTACTS, MAX_CONTACT_LENGTH) ?? [];
  if (contacts.some((contact) => !EMAIL.test(contact))) {
    throw invalidMetadata('contacts must be email addresses (RFC 7591 §2)');
  }
  if (fields.jwks !== undefined && (typeof fields.jwks !== 'object' || fields.jwks === null)) {
    throw invalidMetadata('jwks must be a JWK Set object');
  }
  return {
    redirectUris,
    tokenEndpointAuthMethod: string(fields, 'token_endpoint_auth_method', 64),
    grantTypes,
    responseTypes,
    clientName: clientName?.trim(),
    scope: scope === undefined ? undefined : scope.split(' ').filter((name) => name !== ''),
    contacts,
    jwks: fields.jwks,
    jwksUri: string(fields, 'jwks_uri', MAX_URI_LENGTH),
    resources: stringList(fields, 'resources', MAX_LIST_ITEMS, MAX_URI_LENGTH),
  };
}

function readRedirectUris(fields: Record<string, unknown>): string[] {
  const uris = fields.redirect_uris;
  if (uris === undefined) {
    return [];
  }
  if (!Array.isArray(uris) || uris.some((uri) => typeof uri !== 'string')) {
    throw new Oauth2Error('invalid_redirect_uri', 'redirect_uris must be an array of strings');
  }
  if (uris.length > MAX_REDIRECT_URIS) {
    throw new Oauth2Error('invalid_redirect_uri', `This server registers ${MAX_REDIRECT_URIS} redirect URI per client`);
  }
  for (const uri of uris as string[]) {
    const reading = readCallbackUrl(uri);
    if ('refusal' in reading) {
      throw new Oauth2Error('invalid_redirect_uri', `redirect_uris: the URI ${reading.refusal}`);
    }
    if (DOT_SEGMENT.test(uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''))) {
      throw new Oauth2Error('invalid_redirect_uri', 'redirect_uris: the URI must not hold "." or ".." path segments');
    }
  }
  return uris as string[];
}

function string(fields: Record<string, unknown>, name: string, maxLength: number): string | undefined {
  const value = fields[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalidMetadata(`${name} must be a string`);
  }
  if (value.length > maxLength) {
    throw invalidMetadata(`${name} must be at most ${maxLength} characters`);
  }
  return value;
}

function stringList(
  fields: Record<string, unknown>,
  name: string,
  maxItems: number,
  maxLength: number,
): string[] | undefined {
  const value = fields[name];
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidMetadata(`${name} must be an array of strings`);
  }
  if (value.length > maxItems) {
    throw invalidMetadata(`${name} may hold at most ${maxItems} entries`);
  }
  if ((value as string[]).some((item) => item.length > maxLength)) {
    throw invalidMetadata(`each of ${name} must be at most ${maxLength} characters`);
  }
  return value as string[];
}

export function invalidMetadata(description: string): Oauth2Error {
  return new Oauth2Error('invalid_client_metadata', description);
}

/** RFC 8252 §7.3 loopback literals, and `localhost`, which MCP clients use though RFC 8252 §8.3 advises against it. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|\[::1\]|localhost)$/;

/**
 * What an unreviewed (`open`) client may register: a native app's redirect URI, which only the device it runs on can
 * receive at: plain http on the loopback interface (RFC 8252 §7.3) or a private-use scheme (RFC 8252 §7.1).
 */
export function isNativeRedirectUri(uri: string): boolean {
  const url = new URL(uri);
  if (url.protocol === 'http:') {
    return LOOPBACK_HOST.test(url.hostname);
  }
  return url.protocol !== 'https:';
}
