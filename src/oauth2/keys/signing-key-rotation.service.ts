import { Inject, Injectable, Logger } from '@nestjs/common';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { InvalidationBus } from '../../cache/invalidation-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import {
  type KeyRecord,
  type KeyStatus,
  type SigningAlgorithm,
  type SigningKeySource,
  type SigningKeyState,
  keyRingAt,
} from './key-ring';
import { SigningKeyErrorCode, SigningKeyException } from './signing-key.exception';
import { SigningKeyStore } from './signing-key.store';
import { SigningKeys } from './signing-keys.service';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

/** A signing key as operators see it; times are ISO 8601, null when they do not apply. */
export interface SigningKeyView {
  kid: string;
  alg: SigningAlgorithm;
  state: SigningKeyState;
  source: SigningKeySource;
  createdAt: string | null;
  /** When it starts (or started) signing; null for the configured key, which signs from the start. */
  activatesAt: string | null;
  /** When it stops (or stopped) signing: retired, or superseded by a newer key. */
  retiredAt: string | null;
  /** When it leaves the JWKS: once the last token it signed has expired. */
  removeAfter: string | null;
}

/**
 * The operators' side of the signing keys (issue 20: `keys:list`, `keys:rotate`, `keys:retire`, and the admin API):
 * a new key is published at once and signs after `OAUTH2_KEY_PUBLICATION_DELAY`, so that every client's cached JWKS
 * holds it by then; a retired key stops signing at once and leaves the JWKS when its last token has expired. Each
 * change is audited with its actor and reaches every instance through the invalidation bus.
 */
@Injectable()
export class SigningKeyRotation {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly keys: SigningKeys,
    private readonly store: SigningKeyStore,
    private readonly bus: InvalidationBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every key, the retired ones included, signing key first. */
  listKeys(): Promise<SigningKeyView[]> {
    const statuses = this.keys.ring().statuses;
    const order = (status: KeyStatus) => ['active', 'published', 'retired'].indexOf(status.state);
    return Promise.resolve([...statuses].sort((a, b) => order(a) - order(b)).map(view));
  }

  /** Makes a new key (RS256 unless told), published now and signing once the publication delay has passed. */
  async rotateKey(actor: string, alg: string = 'RS256'): Promise<SigningKeyView> {
    if (!SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
      throw new SigningKeyException(
        SigningKeyErrorCode.UnsupportedAlgorithm,
        `alg must be one of ${SIGNING_ALGORITHMS.join(', ')}`,
      );
    }
    const privateKey = generatePrivateKey(alg as SigningAlgorithm);
    const kid = await calculateJwkThumbprint(await exportJWK(privateKey));
    const createdAt = wholeSeconds(new Date());
    const activatesAt = new Date(createdAt.getTime() + this.config.oauth2.keyPublicationDelay * 1000);
    await this.store.create({ kid, alg, privateKey, createdAt, activatesAt }, actor);
    this.audit.log({ action: 'signing-key-rotate', kid, alg, actor }, 'signing key made; it signs after the delay');
    await this.changed();
    return this.viewOf(kid);
  }

  /**
   * Retires a key: it stops signing at once and stays published until the last token it signed has expired. When it
   * is the signing key, a key waiting for its publication delay takes over at once; with none, the retirement is
   * refused, since nothing could sign (rotate first).
   */
  async retireKey(kid: string, actor: string): Promise<SigningKeyView> {
    const status = this.keys.ring().statuses.find((candidate) => candidate.record.kid === kid);
    if (!status) {
      throw new SigningKeyException(SigningKeyErrorCode.UnknownKey, `There is no signing key ${kid}`);
    }
    if (status.state === 'retired') {
      throw new SigningKeyException(SigningKeyErrorCode.AlreadyRetired, `The signing key ${kid} is already retired`);
    }
    const at = wholeSeconds(new Date());
    const handOverTo = status.state === 'active' ? this.nextSigner(status.record) : undefined;
    this.assertSomethingSigns(kid, at, handOverTo);
    await this.store.retire({
      kid,
      alg: status.record.alg,
      configured: status.record.source === 'configured',
      at,
      actor,
      handOverTo: handOverTo?.kid,
    });
    this.audit.log(
      { action: 'signing-key-retire', kid, actor, handedOverTo: handOverTo?.kid },
      'signing key retired; it stays published until its tokens have expired',
    );
    await this.changed();
    return this.viewOf(kid);
  }

  /** The waiting key that would have signed next: the first one due. */
  private nextSigner(retiring: KeyRecord): KeyRecord | undefined {
    return this.keys
      .ring()
      .statuses.filter((status) => status.state === 'published' && status.record.source === 'database')
      .map((status) => status.record)
      .filter((record) => record !== retiring && record.activatesAt)
      .sort((a, b) => (a.activatesAt as Date).getTime() - (b.activatesAt as Date).getTime())[0];
  }

  /** Refuses a retirement that would leave no key to sign with. */
  private assertSomethingSigns(kid: string, at: Date, handOverTo?: KeyRecord): void {
    const after = this.keys.records().map((record) => {
      if (record.kid === kid) {
        return { ...record, retiredAt: at };
      }
      return record === handOverTo ? { ...record, activatesAt: at } : record;
    });
    if (!keyRingAt(after, at, this.keys.longestTokenLifetime).signer) {
      throw new SigningKeyException(
        SigningKeyErrorCode.LastSigningKey,
        `${kid} is the only key that can sign; rotate first, then retire it`,
      );
    }
  }

  /** This instance reloads before answering; the others on the bus. */
  private async changed(): Promise<void> {
    await this.keys.reload();
    await this.bus.publish({ signingKeys: true });
  }

  private viewOf(kid: string): SigningKeyView {
    const status = this.keys.ring().statuses.find((candidate) => candidate.record.kid === kid);
    if (!status) {
      throw new SigningKeyException(SigningKeyErrorCode.UnknownKey, `There is no signing key ${kid}`);
    }
    return view(status);
  }
}

function view({ record, state, retiredAt, removeAfter }: KeyStatus): SigningKeyView {
  return {
    kid: record.kid,
    alg: record.alg,
    state,
    source: record.source,
    createdAt: iso(record.createdAt),
    activatesAt: iso(record.activatesAt),
    retiredAt: iso(retiredAt),
    removeAfter: iso(removeAfter),
  };
}

function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** Both backends keep whole seconds (MariaDB's DATETIME); the key ring must see what the table will say. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function generatePrivateKey(alg: SigningAlgorithm): KeyObject {
  switch (alg) {
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
  }
}
