import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { type JWK, type JWTVerifyGetKey, calculateJwkThumbprint, createLocalJWKSet, exportJWK } from 'jose';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
}

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
  private verificationKeys?: JWTVerifyGetKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const privateKeys = this.config.oauth2.privateKeys.map((pem) => createPrivateKey(pem));
    const publicKeys = [
      ...privateKeys.map((key) => createPublicKey(key)),
      ...this.config.oauth2.publicKeys.map((pem) => createPublicKey(pem)),
    ];
    const jwks = await Promise.all(publicKeys.map((key) => publicJwk(key)));
    this.published = jwks.filter((jwk, index) => jwks.findIndex((other) => other.kid === jwk.kid) === index);
    this.verificationKeys = createLocalJWKSet({ keys: this.published });
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

  /** Picks the published key a token names by `kid` and `alg`; a token naming no published key fails. */
  verifier(): JWTVerifyGetKey {
    if (!this.verificationKeys) {
      throw new Error('the OAuth 2 keys are not loaded yet');
    }
    return this.verificationKeys;
  }

  /** The algorithms of the published keys: the only ones a token may claim. */
  algorithms(): string[] {
    return [...new Set(this.published.map((jwk) => jwk.alg as string))];
  }

  /** The public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.published };
  }
}

async function publicJwk(key: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(key);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: algorithmOf(key), use: 'sig' };
}
