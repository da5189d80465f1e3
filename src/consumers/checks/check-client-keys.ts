import { createPublicKey } from 'node:crypto';
import { readCallbackUrl } from '../callbacks/callback-url';
import { type JsonWebKeySet, TOKEN_ENDPOINT_AUTH_METHODS, type TokenEndpointAuthMethod } from '../consumer';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/** Enough for a rotation (the old key, the new one, a spare); it also bounds what each assertion check walks. */
export const MAX_CLIENT_KEYS = 10;
/** Bytes of the serialized set: a few 4096-bit RSA keys fit. */
export const MAX_JWKS_BYTES = 16 * 1024;
/** RFC 7518 §3.1's asymmetric signature algorithms (RFC 8037 §3.1 for EdDSA): what an assertion may be signed with. */
export const ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
/** RFC 7517 §9.3 and RFC 7518 §6.2.2, §6.3.2, §6.4: members that only private or symmetric keys carry. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** NIST SP 800-131A: RSA keys below 2048 bits no longer protect anything. */
const MIN_RSA_BITS = 2048;

export interface ClientKeysInput {
  tokenEndpointAuthMethod?: string;
  jwks?: unknown;
  jwksUri?: string;
}

export interface ClientKeysRules {
  oauthVersion: 1 | 2;
  confidential: boolean;
  ownerOnly: boolean;
}

export interface ClientKeys {
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  jwks: JsonWebKeySet | null;
  jwksUri: string | null;
}

/**
 * How an OAuth 2 consumer will authenticate, for every way it is registered. Public clients have no credential
 * (`none`); confidential ones a secret (the default) or, with `private_key_jwt`, public keys given either inline or by
 * an https address, never both (RFC 7591 §2). Owner-only clients are usable without an admin's review, so they may
 * not name an address this server would then fetch: they give their keys inline. Throws, naming the field.
 */
export function checkClientKeys(input: ClientKeysInput, rules: ClientKeysRules): ClientKeys {
  const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidClientKeys, message);
  const given = input.tokenEndpointAuthMethod;
  const hasKeys = input.jwks !== undefined || input.jwksUri !== undefined;
  if (rules.oauthVersion !== 2) {
    if (given !== undefined || hasKeys) {
      throw refuse('tokenEndpointAuthMethod, jwks and jwksUri are for OAuth 2 consumers only');
    }
    return { tokenEndpointAuthMethod: 'client_secret_basic', jwks: null, jwksUri: null };
  }
  const method = given ?? (rules.confidential ? 'client_secret_basic' : 'none');
  if (!isMethod(method)) {
    throw refuse('tokenEndpointAuthMethod must be client_secret_basic, client_secret_post, private_key_jwt or none');
  }
  if ((method === 'none') === rules.confidential) {
    throw refuse(
      rules.confidential
        ? 'A confidential client authenticates: tokenEndpointAuthMethod cannot be none'
        : 'A public client has no credential: its tokenEndpointAuthMethod is none',
    );
  }
  if (method !== 'private_key_jwt') {
    if (hasKeys) {
      throw refuse('jwks and jwksUri are for private_key_jwt clients only');
    }
    return { tokenEndpointAuthMethod: method, jwks: null, jwksUri: null };
  }
  if ((input.jwks === undefined) === (input.jwksUri === undefined)) {
    throw refuse('A private_key_jwt client gives its keys either as jwks or as jwksUri, exactly one of them');
  }
  if (input.jwksUri !== undefined) {
    if (rules.ownerOnly) {
      throw refuse('Owner-only clients are not reviewed, so they give their keys inline (jwks), not as jwksUri');
    }
    return { tokenEndpointAuthMethod: method, jwks: null, jwksUri: checkJwksUri(input.jwksUri) };
  }
  return { tokenEndpointAuthMethod: method, jwks: checkJwks(input.jwks), jwksUri: null };
}

/**
 * A client's public signing keys (RFC 7517 §5), inline or as fetched from its `jwks_uri`: a small set of RSA (at
 * least 2048 bits), EC or OKP keys, none of them private or symmetric (RFC 7523 §3 needs only verification here,
 * and a private key sent to us is a leaked one), each importable, for signing, with an asymmetric `alg` if it names
 * one. Throws a message naming the key; returns the set as given.
 */
export function checkJwks(value: unknown): JsonWebKeySet {
  const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidClientKeys, message);
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    throw refuse('jwks must be a JSON Web Key Set');
  }
  if (text === undefined || Buffer.byteLength(text) > MAX_JWKS_BYTES) {
    throw refuse(`jwks must be a JSON Web Key Set of at most ${MAX_JWKS_BYTES} bytes`);
  }
  let set: unknown;
  try {
    set = typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    throw refuse('jwks must be a JSON Web Key Set (JSON)');
  }
  const keys = isObject(set) ? set.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_CLIENT_KEYS) {
    throw refuse(`jwks must be {"keys": [...]} with 1 to ${MAX_CLIENT_KEYS} keys`);
  }
  const kids = new Set<string>();
  keys.forEach((key: unknown, index) => {
    const name = `jwks.keys[${index}]`;
    if (!isObject(key)) {
      throw refuse(`${name} must be a JSON Web Key`);
    }
    if (key.kty !== 'RSA' && key.kty !== 'EC' && key.kty !== 'OKP') {
      throw refuse(`${name} must be an RSA, EC or OKP public key`);
    }
    const secret = PRIVATE_MEMBERS.filter((member) => member in key);
    if (secret.length > 0) {
      throw refuse(`${name} holds private key material (${secret.join(', ')}); register the public key only`);
    }
    if (key.use !== undefined && key.use !== 'sig') {
      throw refuse(`${name} must be a signing key (use "sig")`);
    }
    if (key.alg !== undefined && (typeof key.alg !== 'string' || !ASSERTION_ALGORITHMS.includes(key.alg))) {
      const named = typeof key.alg === 'string' ? ` ${key.alg}` : '';
      throw refuse(`${name} has alg${named}; use one of ${ASSERTION_ALGORITHMS.join(', ')}`);
    }
    if (key.kid !== undefined) {
      if (typeof key.kid !== 'string' || kids.has(key.kid)) {
        throw refuse(`${name} must have a kid of its own, as text`);
      }
      kids.add(key.kid);
    }
    let bits: number | undefined;
    try {
      bits = createPublicKey({ key: key as never, format: 'jwk' }).asymmetricKeyDetails?.modulusLength;
    } catch {
      throw refuse(`${name} is not a usable public key`);
    }
    if (key.kty === 'RSA' && (bits ?? 0) < MIN_RSA_BITS) {
      throw refuse(`${name} must be an RSA key of at least ${MIN_RSA_BITS} bits`);
    }
  });
  return { keys: keys as JsonWebKeySet['keys'] };
}

/**
 * RFC 7591 §2: `jwks_uri` "MUST use the https scheme"; no user name or password in it (RFC 9700 §4.1), no fragment.
 * Stored WHATWG-serialized.
 */
function checkJwksUri(value: string): string {
  const refuse = (reason: string) => new ConsumerException(ConsumerErrorCode.InvalidClientKeys, `jwksUri ${reason}`);
  const reading = readCallbackUrl(value);
  if ('refusal' in reading) {
    throw refuse(reading.refusal);
  }
  if (reading.url.protocol !== 'https:') {
    throw refuse('must use https');
  }
  return reading.url.href;
}

function isMethod(value: string): value is TokenEndpointAuthMethod {
  return (TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
