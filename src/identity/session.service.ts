import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { hmacSha256Hex, randomHex, sha256Hex } from '../common/crypto/crypto';

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
}

interface StoredSession {
  userId: number;
}

/**
 * Login sessions, kept in the temporary store so that instances sharing Redis share them. The store is keyed by a
 * hash of the session id and holds only the user; the CSRF token is derived from the session id with the server
 * key. A dump of the cache yields neither a cookie nor a CSRF token that would work (RFC 6819 §5.1.4.1.3).
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(userId: number): Promise<Session> {
    const id = randomHex(32);
    const stored: StoredSession = { userId };
    await this.store.set(this.key(id), stored, this.config.identity.sessionTtl);
    return { id, userId, csrfToken: this.csrfTokenOf(id) };
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) {
      return undefined;
    }
    const stored = await this.store.get<StoredSession>(this.key(id));
    return stored && { id, userId: stored.userId, csrfToken: this.csrfTokenOf(id) };
  }

  async destroy(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  /** 32 hex, as random tokens are (DESIGN §6). */
  private csrfTokenOf(id: string): string {
    return hmacSha256Hex(`csrf:${id}`, this.config.oauth.secretKey).slice(0, 32);
  }

  private key(id: string): string {
    return `session:${sha256Hex(id)}`;
  }
}
