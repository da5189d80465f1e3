import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEquals, hmacSha1Hex } from '../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Consumer } from './consumer';

/** Stands in for the stored value of an unknown client, so unknown and known clients take the same time (attack 13). */
const PLACEHOLDER_STORED_SECRET = '00000000000000000000000000000000';

/**
 * MediaWiki's "hmacDBSecret": what clients hold is HMAC-SHA1(stored value, server key), so the database
 * alone yields no usable secret (DESIGN §6).
 */
@Injectable()
export class ConsumerSecrets {
  /**
   * Derived secrets by consumer record. `ConsumerDirectory` hands out one record per cached entry and reads a new
   * one once a change (a secret reset among them) drops the entry through the invalidation bus, so a secret is
   * derived once per entry rather than on every client authentication (HMAC-SHA1 to hex: ~6 µs a call in
   * `bench/micro.mjs`). The stored value is kept beside it, so a record changed in place is never answered stale.
   */
  private readonly derivedByRecord = new WeakMap<Consumer, { stored: string; secret: string }>();
  private readonly placeholder: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.placeholder = this.derive(PLACEHOLDER_STORED_SECRET);
  }

  derive(stored: string): string {
    return hmacSha1Hex(stored, this.config.oauth.secretKey);
  }

  /** The client-facing secret of `consumer`; undefined when it has none (a public client). */
  secretOf(consumer: Consumer): string | undefined {
    const stored = consumer.secretKey;
    if (stored === null) {
      return undefined;
    }
    const known = this.derivedByRecord.get(consumer);
    if (known?.stored === stored) {
      return known.secret;
    }
    const secret = this.derive(stored);
    this.derivedByRecord.set(consumer, { stored, secret });
    return secret;
  }

  /**
   * Whether `offered` is the secret of `consumer`, compared in constant time; an unknown consumer, or one without a
   * secret, is compared against a placeholder derived at start-up, so every path costs one comparison.
   */
  matches(consumer: Consumer | undefined, offered: string): boolean {
    const secret = consumer ? this.secretOf(consumer) : undefined;
    return constantTimeEquals(secret ?? this.placeholder, offered) && secret !== undefined;
  }
}
