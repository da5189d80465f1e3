import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex } from '../../common/crypto/crypto';
import { SealedBox } from '../../common/crypto/sealed-box';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** What a registration or a secret reset hands out, to be shown once on the page the POST redirects to. */
export interface Credentials {
  purpose: 'registered' | 'reset';
  consumer: { key: string; name: string; version: string; stage: string };
  key: string;
  secret?: string;
  accessToken?: string;
  accessSecret?: string;
  warnings: string[];
}

/** Long enough to copy them, short enough that an abandoned tab does not keep secrets around. */
const TTL_SECONDS = 10 * 60;

/**
 * Secrets never travel in URLs: the POST keeps them here under a random id bound to the person, and the page it
 * redirects to takes them (atomically, so a second visit, or anyone else, finds nothing). They are kept sealed with
 * the server key, so the cache never holds a usable secret.
 */
@Injectable()
export class OneTimeCredentials {
  private readonly box: SealedBox;

  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SealedBox(config.oauth.secretKey, 'one-time-credentials');
  }

  async keep(userId: number, credentials: Credentials): Promise<string> {
    const id = randomHex(16);
    await this.store.set(this.storeKey(userId, id), this.box.seal(JSON.stringify(credentials)), TTL_SECONDS);
    return id;
  }

  async take(userId: number, id: string): Promise<Credentials | undefined> {
    const sealed = await this.store.take<string>(this.storeKey(userId, id));
    const plain = sealed === undefined ? undefined : this.box.open(sealed);
    return plain === undefined ? undefined : (JSON.parse(plain) as Credentials);
  }

  private storeKey(userId: number, id: string): string {
    return `pages:credentials:${userId}:${id}`;
  }
}
