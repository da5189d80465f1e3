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
   * server key, so it can be handed to apps, and shown on the security page, without revealing the cookie.
   */
  sid: string;
  /** When the user signed in, epoch seconds (OpenID Connect Core §2 `auth_time`); 0 for sessions older than it. */
  authTime: number;
  /** How (RFC 8176 `amr` values): `pwd` for a password. */
  amr: string[];
  /** When the session was made, epoch milliseconds (`authTime` × 1000 for sessions older than it). */
  createdAt: number;
  /** When it was last used, epoch milliseconds, to `LAST_SEEN_STEP_MS`. */
  lastSeen: number;
}

/** Where a session was made and last used from, for the person's list of their sessions. */
export interface SessionClient {
  ip: string;
  userAgent: string;
}

/** One of a user's sessions as their security page lists it. */
export interface SessionSummary extends SessionClient {
  sid: string;
  createdAt: number;
  lastSeen: number;
}

interface StoredSession extends Partial<SessionClient> {
  userId: number;
  authTime?: number;
  amr?: string[];
  createdAt?: number;
  lastSeen?: number;
}

/** A user's index entry: the store key of the session named by the field (its `sid`). */
interface IndexedSession {
  key: string;
}

/** How stale "last seen" may get: at most one write per session this often, not one per request. */
const LAST_SEEN_STEP_MS = 5 * 60_000;
/** A User-Agent is kept only to tell the person which browser a session is; a bounded prefix does that. */
const USER_AGENT_LENGTH = 200;

/**
 * Login sessions, kept in the temporary store so that instances sharing Redis share them. The store is keyed by a
 * hash of the session id and holds only the user and where it signs in from; the CSRF token is derived from the
 * session id with the server key. A dump of the cache yields neither a cookie nor a CSRF token that would work
 * (RFC 6819 §5.1.4.1.3). Each user's sessions are also indexed (a record of fields, written atomically per session
 * from any instance) so that the person can see and end them, and an admin can end them all.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(userId: number, amr: string[], client: SessionClient): Promise<Session> {
    const id = randomHex(32);
    const now = Date.now();
    const stored: StoredSession = {
      userId,
      authTime: Math.floor(now / 1000),
      amr,
      createdAt: now,
      lastSeen: now,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, USER_AGENT_LENGTH),
    };
    const ttl = this.config.identity.sessionTtl;
    await this.store.set(this.key(id), stored, ttl);
    await this.store.setField(indexKey(userId), this.sidOf(id), { key: this.key(id) } satisfies IndexedSession, ttl);
    return this.session(id, stored);
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) {
      return undefined;
    }
    const stored = await this.store.get<StoredSession>(this.key(id));
    return stored && this.session(id, stored);
  }

  /** Records that the session was used now from `client`, at most once per `LAST_SEEN_STEP_MS`. */
  async touch(session: Session, client: SessionClient): Promise<void> {
    const now = Date.now();
    if (now - session.lastSeen < LAST_SEEN_STEP_MS) {
      return;
    }
    const stored = await this.store.get<StoredSession>(this.key(session.id));
    // What is left of the session's life: using it does not make it live longer.
    const left = (session.createdAt + this.config.identity.sessionTtl * 1000 - now) / 1000;
    if (stored && left > 0) {
      const userAgent = client.userAgent.slice(0, USER_AGENT_LENGTH);
      await this.store.set(this.key(session.id), { ...stored, lastSeen: now, ip: client.ip, userAgent }, left);
    }
  }

  /** The `sid` of the session whose id is `id`. */
  sidOf(id: string): string {
    return hmacSha256Hex(`sid:${id}`, this.config.oauth.secretKey).slice(0, 32);
  }

  async destroy(session: { id: string; userId: number }): Promise<void> {
    await this.store.delete(this.key(session.id));
    await this.store.deleteField(indexKey(session.userId), this.sidOf(session.id));
  }

  /** The user's live sessions, most recently used first; index entries of ended sessions are dropped on the way. */
  async list(userId: number): Promise<SessionSummary[]> {
    const indexed = await this.store.fields<IndexedSession>(indexKey(userId));
    const found = await Promise.all(
      Object.entries(indexed).map(async ([sid, entry]) => {
        const stored = await this.store.get<StoredSession>(entry.key);
        if (!stored || stored.userId !== userId) {
          await this.store.deleteField(indexKey(userId), sid);
          return undefined;
        }
        return summary(sid, stored);
      }),
    );
    return found.filter((session) => session !== undefined).sort((a, b) => b.lastSeen - a.lastSeen);
  }

  /** Ends the user's session named `sid`; false when they have none by that name. */
  async end(userId: number, sid: string): Promise<boolean> {
    const entry = (await this.store.fields<IndexedSession>(indexKey(userId)))[sid];
    if (!entry) {
      return false;
    }
    await this.store.delete(entry.key);
    await this.store.deleteField(indexKey(userId), sid);
    return true;
  }

  /** The `sid`s of the user's indexed sessions. */
  async sidsOf(userId: number): Promise<string[]> {
    return Object.keys(await this.store.fields<IndexedSession>(indexKey(userId)));
  }

  private session(id: string, stored: StoredSession): Session {
    const createdAt = stored.createdAt ?? (stored.authTime ?? 0) * 1000;
    return {
      id,
      userId: stored.userId,
      csrfToken: this.csrfTokenOf(id),
      sid: this.sidOf(id),
      authTime: stored.authTime ?? 0,
      amr: stored.amr ?? [],
      createdAt,
      lastSeen: stored.lastSeen ?? createdAt,
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

function indexKey(userId: number): string {
  return `sessions-of:${userId}`;
}

function summary(sid: string, stored: StoredSession): SessionSummary {
  const createdAt = stored.createdAt ?? (stored.authTime ?? 0) * 1000;
  return {
    sid,
    createdAt,
    lastSeen: stored.lastSeen ?? createdAt,
    ip: stored.ip ?? '',
    userAgent: stored.userAgent ?? '',
  };
}
