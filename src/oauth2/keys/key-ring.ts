import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export type SigningKeyState = 'published' | 'active' | 'retired';

export type SigningKeySource = 'configured' | 'database';

/** A key as the ring knows it, before time is applied: from the configuration or from `oauth2_signing_keys`. */
export interface KeyRecord {
  kid: string;
  alg: SigningAlgorithm;
  source: SigningKeySource;
  jwk: JWK;
  publicKey: KeyObject;
  /** Present for keys that may sign: the first configured private key, and every stored key. */
  privateKey?: KeyObject;
  createdAt?: Date;
  /** When it starts signing; undefined for the configured signing key, which signs from the start. */
  activatesAt?: Date;
  /** When an operator retired it. */
  retiredAt?: Date;
}

/** One key at one moment: what the ring made of it. */
export interface KeyStatus {
  record: KeyRecord;
  state: SigningKeyState;
  /** When it stops (or stopped) signing: retired by hand, or superseded by the next key that started signing. */
  retiredAt?: Date;
  /** When it leaves the JWKS; undefined while not retired, or never when tokens live forever. */
  removeAfter?: Date;
  /** Still in the JWKS, so tokens it signed still verify. */
  published: boolean;
}

export interface KeyRingSnapshot {
  statuses: KeyStatus[];
  /** The key new tokens are signed with. */
  signer?: KeyRecord;
  /** Epoch ms of the next moment a state changes (a key activates, retires or leaves); Infinity when none. */
  nextChange: number;
}

/**
 * The key states at `now` (DESIGN §6: a new key is published before it signs; an old key stays published until its
 * tokens have expired). Keys that may sign take over from each other in the order of their activation: the latest
 * one that has activated signs, and each earlier one counts as retired from the moment the next one activated.
 * A key retired before it activated never signed, so it leaves the JWKS at once; any other retired key stays
 * `longestTokenLifetime` seconds (Infinity: for ever) after it stopped signing.
 */
export function keyRingAt(records: readonly KeyRecord[], now: Date, longestTokenLifetime: number): KeyRingSnapshot {
  const time = now.getTime();
  const signers = records
    .filter((record) => record.privateKey && !retiredBeforeActivation(record))
    .map((record, order) => ({ record, order }))
    .sort((a, b) => activation(a.record) - activation(b.record) || a.order - b.order)
    .map(({ record }) => record);
  const changes: number[] = [];
  let signer: KeyRecord | undefined;
  const statuses = records.map((record): KeyStatus => {
    const position = signers.indexOf(record);
    const supersededAt = position >= 0 ? signers[position + 1]?.activatesAt : undefined;
    const retiredAt = earliest(record.retiredAt, supersededAt);
    const signed = position >= 0 || record.source === 'configured';
    const removeAfter = signed ? afterLifetime(retiredAt, longestTokenLifetime) : (retiredAt?.getTime() ?? Infinity);
    changes.push(activation(record), retiredAt?.getTime() ?? Infinity, removeAfter);
    if (retiredAt && retiredAt.getTime() <= time) {
      return {
        record,
        state: 'retired',
        retiredAt,
        removeAfter: Number.isFinite(removeAfter) ? new Date(removeAfter) : undefined,
        published: time < removeAfter,
      };
    }
    const active = position >= 0 && activation(record) <= time;
    if (active) {
      signer = record;
    }
    return { record, state: active ? 'active' : 'published', retiredAt, published: true };
  });
  return { statuses, signer, nextChange: Math.min(Infinity, ...changes.filter((change) => change > time)) };
}

function activation(record: KeyRecord): number {
  return record.activatesAt?.getTime() ?? -Infinity;
}

function retiredBeforeActivation(record: KeyRecord): boolean {
  return record.retiredAt !== undefined && record.retiredAt.getTime() <= activation(record);
}

function earliest(a?: Date, b?: Date): Date | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return a.getTime() <= b.getTime() ? a : b;
}

/** Epoch ms `seconds` after `date`; Infinity when either is never. */
function afterLifetime(date: Date | undefined, seconds: number): number {
  return date && Number.isFinite(seconds) ? date.getTime() + seconds * 1000 : Infinity;
}
