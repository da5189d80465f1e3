import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { type JWK, calculateJwkThumbprint, exportJWK } from 'jose';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
}

/** A compact JWS whose signature one of our published keys verified. */
export interface VerifiedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

interface VerificationKey {
  kid: string;
  alg: SigningAlgorithm;
  publicKey: KeyObject;
}

/** One base64url part of a compact JWS, strictly: Buffer's decoder would skip other characters. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The JWS algorithm a key signs with: RS256 for RSA (the default), ES256 for P-256, EdDSA for Ed25519. */
export function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'rsa') {
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ES256';
  }
  if (key.asymmetricKeyType === 'ed25519') {
    return 'EdDSA';
  }
  throw new Error(
    `OAUTH2_PRIVATE_KEY holds an unsupported key type (${key.asymmetricKeyType}); use RSA, P-256 or Ed25519`,
  );
}

/**
 * The OAuth 2 signing keys (DESIGN §6). The first private key signs; every private key's public half, and the
 * extra public keys of `OAUTH2_PUBLIC_KEY`, are published, so a key can be published before it signs and kept
 * until its tokens expire. Each key's `kid` is its RFC 7638 thumbprint, stable across restarts.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private signingKey?: SigningKey;
  private published: JWK[] = [];
  private verificationKeys?: VerificationKey[];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const privateKeys = this.config.oauth2.privateKeys.map((pem) => createPrivateKey(pem));
    const publicKeys = [
      ...privateKeys.map((key) => createPublicKey(key)),
      ...this.config.oauth2.publicKeys.map((pem) => createPublicKey(pem)),
    ];
    const jwks = await Promise.all(publicKeys.map((key) => publicJwk(key)));
    this.published = jwks.filter((jwk, index) => jwks.findIndex((other) => other.kid === jwk.kid) === index);
    this.verificationKeys = publicKeys
      .map((publicKey, index) => ({ kid: jwks[index].kid as string, alg: algorithmOf(publicKey), publicKey }))
      .filter((key, index, all) => all.findIndex((other) => other.kid === key.kid) === index);
    const [first] = privateKeys;
    this.signingKey = first && { kid: jwks[0].kid as string, alg: algorithmOf(first), privateKey: first };
  }

  /** The key new tokens are signed with. */
  current(): SigningKey {
    if (!this.signingKey) {
      throw new Error('no OAuth 2 signing key is configured');
    }
    return this.signingKey;
  }

  /**
   * Signs `claims` as a compact JWS (RFC 7515) with the current key, its `kid` and the media type `typ`: synchronous
   * node:crypto, which on the token endpoint's hot path costs about a third less than WebCrypto, and makes the same
   * tokens (the tests verify them with jose and oauth4webapi).
   */
  sign(claims: Record<string, unknown>, typ: string): string {
    const key = this.current();
    const header = { alg: key.alg, kid: key.kid, typ };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature =
      key.alg === 'EdDSA'
        ? sign(null, Buffer.from(input), key.privateKey)
        : sign(
            'sha256',
            Buffer.from(input),
            key.alg === 'ES256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey,
          );
    return `${input}.${signature.toString('base64url')}`;
  }

  /**
   * Verifies a compact JWS (RFC 7515 §5.2) against the published keys: the header's `alg` must be the algorithm of the
   * key it names by `kid` (any key of that algorithm when it names none), so `none`, HMAC and keys the token brings
   * along (`jwk`, `jku`) never count; `crit` and `b64` are not supported and refuse the token (RFC 7515 §4.1.11,
   * RFC 7797 §3). Synchronous node:crypto, as the issuer signs: an RS256 verification costs 27 µs CPU this way
   * against 110 µs through jose's `compactVerify` (WebCrypto), on every token not yet in the gateway's cache
   * (`bench/micro.mjs`). Answers undefined for anything else.
   */
  verify(token: string): VerifiedJws | undefined {
    if (!this.verificationKeys) {
      throw new Error('the OAuth 2 keys are not loaded yet');
    }
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
      return undefined;
    }
    const header = jsonObject(parts[0]);
    const payload = jsonObject(parts[1]);
    if (!header || !payload || 'crit' in header || 'b64' in header) {
      return undefined;
    }
    const { alg, kid } = header;
    const candidates = this.verificationKeys.filter((key) => key.alg === alg && (kid === undefined || key.kid === kid));
    const input = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    return candidates.some((key) => verifies(key, input, signature)) ? { header, payload } : undefined;
  }

  /** The public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.published };
  }
}

function verifies({ alg, publicKey }: VerificationKey, input: Buffer, signature: Buffer): boolean {
  if (alg === 'EdDSA') {
    return verify(null, input, publicKey, signature);
  }
  // JWS carries ECDSA signatures as r || s (RFC 7518 §3.4), not DER.
  return verify(
    'sha256',
    input,
    alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey,
    signature,
  );
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** A base64url part decoded as a JSON object; undefined when it is not one. */
function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function publicJwk(key: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(key);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: algorithmOf(key), use: 'sig' };
}
