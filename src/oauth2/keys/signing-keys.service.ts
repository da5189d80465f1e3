import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { type JWK, calculateJwkThumbprint, exportJWK } from 'jose';
import { InvalidationBus } from '../../cache/invalidation-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type KeyRecord, type KeyRingSnapshot, type SigningAlgorithm, keyRingAt } from './key-ring';
import { ID_TOKEN_MAX_LIFETIME_SECONDS, LOGOUT_TOKEN_LIFETIME_SECONDS } from './signed-token-lifetimes';
import { SigningKeyStore, type StoredSigningKey } from './signing-key.store';

export type { SigningAlgorithm } from './key-ring';

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

/** The key ring at one moment, in the shapes the hot paths read; rebuilt when a state changes. */
interface View {
  ring: KeyRingSnapshot;
  published: JWK[];
  verificationKeys: VerificationKey[];
}

/** How often the stored keys are read again besides the invalidation bus. */
const RELOAD_INTERVAL_MS = 30_000;

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
 * The OAuth 2 and OpenID Connect signing keys (DESIGN §6). Configured keys work as they always did: the first
 * private key signs; every private key's public half, and the extra public keys of `OAUTH2_PUBLIC_KEY`, are
 * published. Keys made by rotation live in the database (`SigningKeyStore`) and take over by the rules of
 * `keyRingAt`: published at once, signing after the publication delay, published after retirement until the last
 * token they signed has expired. Every instance reloads them when the invalidation bus says they changed; the states
 * that follow from time alone are worked out when read. Each key's `kid` is its RFC 7638 thumbprint.
 */
@Injectable()
export class SigningKeys implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeys.name);
  private configured: KeyRecord[] = [];
  private loadedRecords?: KeyRecord[];
  private view?: View;
  private loads = 0;
  private closing = false;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: SigningKeyStore,
    private readonly bus: InvalidationBus,
  ) {}

  onModuleDestroy(): void {
    this.closing = true;
  }

  async onModuleInit(): Promise<void> {
    this.configured = await configuredRecords(this.config);
    await this.reload();
    this.bus.subscribe((invalidation) => {
      if (invalidation.signingKeys || invalidation.all) {
        this.reloadInBackground();
      }
    });
  }

  /**
   * A safety net, not the path changes take: a change announced while Redis was away, or made by a command on an
   * instance whose bus is process memory, still reaches this instance within the interval (well inside the
   * publication delay). One small SELECT.
   */
  @Interval('signing-keys-reload', RELOAD_INTERVAL_MS)
  private reloadInBackground(): void {
    // Closing: the bus's farewell (its subscription ends) must not read a database that is closing too.
    if (this.closing) {
      return;
    }
    this.loading = this.reload().catch((error: unknown) => {
      this.logger.error(`signing keys not reloaded (${(error as Error).message}); the previous ones stay`);
    });
  }

  /** Reads the stored keys again; a load that started earlier never overwrites one that started later. */
  async reload(): Promise<void> {
    const load = ++this.loads;
    const stored = await this.store.load();
    if (load === this.loads) {
      this.loadedRecords = [
        ...this.configured.map((record) => withRetirement(record, stored)),
        ...storedRecords(stored),
      ];
      this.view = undefined;
    }
  }

  /**
   * The longest a token signed by one of these keys lives: access tokens (configured), ID tokens, logout tokens.
   * Owner-only access tokens, which never expire, are left out: counting them would keep every key for ever.
   */
  get longestTokenLifetime(): number {
    return Math.max(this.config.oauth2.accessTokenTtl, ID_TOKEN_MAX_LIFETIME_SECONDS, LOGOUT_TOKEN_LIFETIME_SECONDS);
  }

  /**
   * Resolves once a reload that another instance's change started is done: the JWKS and the token issuer wait for it,
   * so a request that arrives after the change was announced never sees the keys from before it.
   */
  settled(): Promise<void> {
    return this.loading;
  }

  /** Every key and its state now, for the operators' list. */
  ring(): KeyRingSnapshot {
    return this.viewNow().ring;
  }

  /** The keys as loaded, before time is applied: for working out what a change would leave. */
  records(): readonly KeyRecord[] {
    return this.loaded();
  }

  /** The key new tokens are signed with. */
  current(): SigningKey {
    const signer = this.viewNow().ring.signer;
    if (!signer?.privateKey) {
      throw new Error('no OAuth 2 signing key is configured');
    }
    return { kid: signer.kid, alg: signer.alg, privateKey: signer.privateKey };
  }

  /** The algorithms ID Tokens may be signed with: the signing key's first, then those of keys about to sign. */
  signingAlgorithms(): SigningAlgorithm[] {
    const { ring } = this.viewNow();
    const upcoming = ring.statuses
      .filter((status) => status.state === 'published' && status.record.privateKey)
      .map((status) => status.record.alg);
    return [...new Set([this.current().alg, ...upcoming])];
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
    const { verificationKeys } = this.viewNow();
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
    const candidates = verificationKeys.filter((key) => key.alg === alg && (kid === undefined || key.kid === kid));
    const input = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    return candidates.some((key) => verifies(key, input, signature)) ? { header, payload } : undefined;
  }

  /** The public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.viewNow().published };
  }

  private loaded(): KeyRecord[] {
    if (!this.loadedRecords) {
      throw new Error('the OAuth 2 keys are not loaded yet');
    }
    return this.loadedRecords;
  }

  /** The view now: rebuilt only when the stored keys changed or a state has changed with time since it was built. */
  private viewNow(): View {
    if (!this.view || Date.now() >= this.view.ring.nextChange) {
      const ring = keyRingAt(this.loaded(), new Date(), this.longestTokenLifetime);
      const published = ring.statuses.filter((status) => status.published).map((status) => status.record);
      // The signing key first: clients that take the first key of the set take the right one.
      const ordered = ring.signer ? [ring.signer, ...published.filter((record) => record !== ring.signer)] : published;
      this.view = {
        ring,
        published: ordered.map((record) => record.jwk),
        verificationKeys: ordered.map(({ kid, alg, publicKey }) => ({ kid, alg, publicKey })),
      };
    }
    return this.view;
  }
}

/** The keys of OAUTH2_PRIVATE_KEY and OAUTH2_PUBLIC_KEY, each once, in that order; only the first one signs. */
async function configuredRecords(config: AppConfig): Promise<KeyRecord[]> {
  const privateKeys = config.oauth2.privateKeys.map((pem) => createPrivateKey(pem));
  const publicKeys = [
    ...privateKeys.map((key) => createPublicKey(key)),
    ...config.oauth2.publicKeys.map((pem) => createPublicKey(pem)),
  ];
  const records = await Promise.all(
    publicKeys.map(async (publicKey, index): Promise<KeyRecord> => {
      const jwk = await publicJwk(publicKey);
      return {
        kid: jwk.kid as string,
        alg: algorithmOf(publicKey),
        source: 'configured',
        jwk,
        publicKey,
        privateKey: index === 0 ? privateKeys[0] : undefined,
      };
    }),
  );
  return records.filter((record, index) => records.findIndex((other) => other.kid === record.kid) === index);
}

/** A configured key that an operator retired: its retirement is a row without a private key. */
function withRetirement(record: KeyRecord, stored: StoredSigningKey[]): KeyRecord {
  const retirement = stored.find((key) => key.kid === record.kid && !key.privateKey);
  return retirement ? { ...record, retiredAt: retirement.retiredAt } : record;
}

function storedRecords(stored: StoredSigningKey[]): KeyRecord[] {
  return stored
    .filter((key): key is StoredSigningKey & { privateKey: KeyObject } => key.privateKey !== undefined)
    .map((key): KeyRecord => {
      const publicKey = createPublicKey(key.privateKey);
      return {
        kid: key.kid,
        alg: algorithmOf(publicKey),
        source: 'database',
        jwk: jwkOf(publicKey, key.kid),
        publicKey,
        privateKey: key.privateKey,
        createdAt: key.createdAt,
        activatesAt: key.activatesAt,
        retiredAt: key.retiredAt,
      };
    });
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

/** The public JWK of a stored key, under the kid stored with it (its thumbprint when it was made). */
function jwkOf(key: KeyObject, kid: string): JWK {
  return { ...key.export({ format: 'jwk' }), kid, alg: algorithmOf(key), use: 'sig' };
}
