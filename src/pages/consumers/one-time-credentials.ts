import { Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex } from '../../common/crypto/crypto';

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
 * redirects to takes them (atomically, so a second visit, or anyone else, finds nothing).
 */
@Injectable()
export class OneTimeCredentials {
  constructor(private readonly store: TemporaryStore) {}

  async keep(userId: number, credentials: Credentials): Promise<string> {
    const id = randomHex(16);
    await this.store.set(this.storeKey(userId, id), credentials, TTL_SECONDS);
    return id;
  }

  take(userId: number, id: string): Promise<Credentials | undefined> {
    return this.store.take<Credentials>(this.storeKey(userId, id));
  }

  private storeKey(userId: number, id: string): string {
    return `pages:credentials:${userId}:${id}`;
  }
}
