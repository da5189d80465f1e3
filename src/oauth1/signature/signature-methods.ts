import { constants, createHmac, createPublicKey, verify as verifyRsa } from 'node:crypto';
import { constantTimeEquals } from '../../common/crypto/crypto';
import { SignatureInvalidError, SignatureMethodRejectedError } from './oauth1-errors';
import { percentEncode } from './percent-encode';

export type SignatureMethodName = 'HMAC-SHA1' | 'RSA-SHA1' | 'PLAINTEXT';

/** PLAINTEXT is off unless the operator enables it, and then only over TLS (RFC 5849 §3.4.4; reference §4.3). */
export const DEFAULT_SIGNATURE_METHODS: readonly SignatureMethodName[] = ['HMAC-SHA1', 'RSA-SHA1'];

/** What the client signs with: shared secrets for HMAC-SHA1 and PLAINTEXT (RFC 5849 §3.4.2, §3.4.4). */
export interface SharedSecrets {
  /** the client shared-secret as the developer was shown it (the derived secret, reference §1.6) */
  readonly consumerSecret: string;
  /** the token shared-secret; absent or empty when the request carries no token (RFC 5849 §2.1) */
  readonly tokenSecret?: string;
}

/** What the server verifies with; a method finds what it needs or fails the signature. */
export interface SignatureKeys extends Partial<SharedSecrets> {
  /** the consumer's registered RSA public key (SPKI or PKCS#1 PEM, or a certificate) for RSA-SHA1 */
  readonly rsaPublicKey?: string;
}

export interface SignatureMethod {
  readonly name: SignatureMethodName;
  readonly verify: (baseString: string, signature: string, keys: SignatureKeys) => boolean;
}

export interface SigningMethod extends SignatureMethod {
  readonly sign: (baseString: string, secrets: SharedSecrets) => string;
}

/** RFC 5849 §3.4.2 and §3.4.4: encode(client secret) & encode(token secret), the `&` even when both are empty. */
function sharedKey(secrets: SharedSecrets): string {
  return `${percentEncode(secrets.consumerSecret)}&${percentEncode(secrets.tokenSecret ?? '')}`;
}

type Sign = SigningMethod['sign'];

/**
 * A shared-secret method: `sign`, and `verify` by recomputing and comparing in constant time. A missing or empty
 * consumer secret fails rather than signing with `&…`: every consumer has one, and an empty key would let anyone
 * who knows the (public) consumer key sign.
 */
function sharedSecretMethod(name: SignatureMethodName, sign: Sign): SigningMethod {
  return {
    name,
    sign,
    verify: (baseString, signature, { consumerSecret, tokenSecret }) =>
      !!consumerSecret && constantTimeEquals(sign(baseString, { consumerSecret, tokenSecret }), signature),
  };
}

/** RFC 5849 §3.4.2: base64 of HMAC-SHA1(key, base string). */
export const HMAC_SHA1 = sharedSecretMethod('HMAC-SHA1', (baseString, secrets) =>
  createHmac('sha1', sharedKey(secrets)).update(baseString).digest('base64'),
);

/** RFC 5849 §3.4.4: the key itself; the base string is not used. */
export const PLAINTEXT = sharedSecretMethod('PLAINTEXT', (_baseString, secrets) => sharedKey(secrets));

/**
 * RFC 5849 §3.4.3: RSASSA-PKCS1-v1_5 with SHA-1 over the base string, checked with the consumer's public key.
 * Only canonical base64 is taken, so one signature has one spelling. A key that is not RSA (an EC key would
 * otherwise be used for ECDSA) or does not parse fails the signature; keys are checked at registration.
 */
export const RSA_SHA1: SignatureMethod = {
  name: 'RSA-SHA1',
  verify: (baseString, signature, keys) => {
    const bytes = Buffer.from(signature, 'base64');
    if (!keys.rsaPublicKey || bytes.length === 0 || bytes.toString('base64') !== signature) {
      return false;
    }
    try {
      const key = createPublicKey(keys.rsaPublicKey);
      return (
        key.asymmetricKeyType === 'rsa' &&
        verifyRsa('sha1', Buffer.from(baseString), { key, padding: constants.RSA_PKCS1_PADDING }, bytes)
      );
    } catch {
      return false;
    }
  },
};

const METHODS: readonly SignatureMethod[] = [HMAC_SHA1, RSA_SHA1, PLAINTEXT];

/**
 * The method named by `oauth_signature_method`, if it is one of `allowed` (exact, case-sensitive names:
 * RFC 5849 §3.1). Anything else, HMAC-SHA256 included, is 400 signature_method_rejected (§3.2).
 */
export function signatureMethod(
  name: string,
  allowed: readonly SignatureMethodName[] = DEFAULT_SIGNATURE_METHODS,
): SignatureMethod {
  const method = METHODS.find((candidate) => candidate.name === name && allowed.includes(candidate.name));
  if (!method) {
    throw new SignatureMethodRejectedError(name, allowed);
  }
  return method;
}

export interface SignatureCheck {
  /** `oauth_signature_method` as received */
  readonly method: string;
  readonly baseString: string;
  /** `oauth_signature`, decoded */
  readonly signature: string;
  readonly keys: SignatureKeys;
  readonly allowed?: readonly SignatureMethodName[];
}

/** Looks the method up and verifies; throws signature_method_rejected (400) or signature_invalid (401). */
export function verifySignature(check: SignatureCheck): void {
  if (!signatureMethod(check.method, check.allowed).verify(check.baseString, check.signature, check.keys)) {
    throw new SignatureInvalidError();
  }
}
