import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { hmacSha256Hex, randomHex, sha256Hex } from '../common/crypto/crypto';

export interface Session {
  id: string;
  userId: number;
  csrfToken: string;
  /**
   * The session's public name (OpenID Connect's `sid`, Front/Back-Channel Logout §2): derived from the id with the
   * server key, so it can be handed to apps without revealing the cookie.
   */
  sid: string;
  /** When the user signed in, epoch seconds (OpenID Connect Core §2 `auth_time`); 0 for sessions older than it. */
  authTime: number;
  /** How (RFC 8176 `amr` values): `pwd` for a password. */
  amr: string[];
  /** When the session was made, epoch milliseconds (`authTime` × 1000 for sessions older than it). */
  createdAt: number;
}

interface StoredSession {
  userId: number;
  authTime?: number;
  amr?: string[];
  createdAt?: number;
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

  async create(userId: number, amr: string[]): Promise<Session> {
    const id = randomHex(32);
    const now = Date.now();
    const stored: StoredSession = { userId, authTime: Math.floor(now / 1000), amr, createdAt: now };
    await this.store.set(this.key(id), stored, this.config.identity.sessionTtl);
    return this.session(id, stored);
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) {
      return undefined;
    }
    const stored = await this.store.get<StoredSession>(this.key(id));
    return stored && this.session(id, stored);
  }

  /** The `sid` of the session whose id is `id`. */
  sidOf(id: string): string {
    return hmacSha256Hex(`sid:${id}`, this.config.oauth.secretKey).slice(0, 32);
  }

  async destroy(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  private session(id: string, stored: StoredSession): Session {
    return {
      id,
      userId: stored.userId,
      csrfToken: this.csrfTokenOf(id),
      sid: this.sidOf(id),
      authTime: stored.authTime ?? 0,
      amr: stored.amr ?? [],
      createdAt: stored.createdAt ?? (stored.authTime ?? 0) * 1000,
    };
  }

  /** 32 hex, as random tokens are (DESIGN §6). */
  private csrfTokenOf(id: string): string {
    return hmacSha256Hex(`csrf:${id}`, this.config.oauth.secretKey).slice(0, 32);
  }

  private key(id: string): string {
    return `session:${sha256Hex(id)}`;
  }
}
