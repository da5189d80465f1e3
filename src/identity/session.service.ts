import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { randomHex, sha256Hex } from '../common/crypto/crypto';

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
}

interface StoredSession {
  userId: number;
  csrfToken: string;
}

/**
 * Login sessions, kept in the temporary store so that instances sharing Redis share them. The store is
 * keyed by a hash of the session id: a dump of the cache yields no cookie that would work.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(userId: number): Promise<Session> {
    const session = { id: randomHex(32), userId, csrfToken: randomHex(16) };
    await this.store.set(
      this.key(session.id),
      { userId, csrfToken: session.csrfToken },
      this.config.identity.sessionTtl,
    );
    return session;
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) {
      return undefined;
    }
    const stored = await this.store.get<StoredSession>(this.key(id));
    return stored && { id, ...stored };
  }

  async destroy(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  private key(id: string): string {
    return `session:${sha256Hex(id)}`;
  }
}
