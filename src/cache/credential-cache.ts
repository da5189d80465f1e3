import type { Invalidation, InvalidationBus } from './invalidation-bus';

/** The ids an entry depends on; an invalidation naming any of them drops it. */
export type CacheTags = Omit<Invalidation, 'all'>;

interface Entry<T> {
  value: T;
  tags: CacheTags;
  expiresAt: number;
}

/** Answered by `begin()`: stores only what was read before any invalidation that came in meanwhile. */
export interface CacheWrite<T> {
  set(value: T, tags: CacheTags, expiresAt: number): void;
}

/** An invalidation received, numbered by the generation it made. */
interface Received {
  generation: number;
  invalidation: Invalidation;
  at: number;
}

/**
 * How long, and how many, received invalidations are remembered for the writes still pending: a write begun before
 * the oldest one remembered is dropped, as if every invalidation since had named it.
 */
const PENDING_WRITE_MS = 5_000;
const MAX_REMEMBERED = 10_000;

/**
 * Process-memory cache of credential state for the hot paths (no SQL on a hit), dropped on the
 * invalidation bus. While the bus is unhealthy (messages could be lost) it neither serves nor stores, so a change
 * is honoured within the bus's delivery time, never later. Bounded: the oldest entries go first.
 */
export class CredentialCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;
  /** The invalidations of the last PENDING_WRITE_MS, oldest first, generations consecutive. */
  private readonly received: Received[] = [];

  constructor(
    private readonly bus: InvalidationBus,
    private readonly maxEntries: number,
  ) {
    bus.subscribe((invalidation) => this.invalidate(invalidation));
  }

  get(key: string): T | undefined {
    if (!this.bus.healthy) {
      return undefined;
    }
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry?.value;
  }

  /**
   * Call before reading the state to cache; a write is dropped if an invalidation that would have dropped the entry
   * came in since. Only those: every refresh revokes the access token it replaces, and when any invalidation dropped
   * every write, an entry that expired under a steady stream of refreshes was never stored again (each exchange
   * then read its user and authorization with SQL).
   */
  begin(key: string): CacheWrite<T> {
    const generation = this.generation;
    return {
      set: (value, tags, expiresAt) => {
        if (this.invalidatedSince(generation, tags) || !this.bus.healthy || expiresAt <= Date.now()) {
          return;
        }
        if (this.entries.size >= this.maxEntries) {
          const oldest = this.entries.keys().next();
          if (!oldest.done) {
            this.entries.delete(oldest.value);
          }
        }
        this.entries.set(key, { value, tags, expiresAt });
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether an invalidation received after `generation` names `tags`, or may have (no longer remembered). */
  private invalidatedSince(generation: number, tags: CacheTags): boolean {
    if (generation === this.generation) {
      return false;
    }
    const first = this.received[0];
    if (!first || first.generation > generation + 1) {
      return true;
    }
    for (let i = generation + 1 - first.generation; i < this.received.length; i++) {
      const { invalidation } = this.received[i];
      if (invalidation.all || matches(tags, invalidation)) {
        return true;
      }
    }
    return false;
  }

  private invalidate(invalidation: Invalidation): void {
    this.generation += 1;
    const now = Date.now();
    this.received.push({ generation: this.generation, invalidation, at: now });
    while (this.received.length > MAX_REMEMBERED || this.received[0].at <= now - PENDING_WRITE_MS) {
      this.received.shift();
    }
    if (invalidation.all) {
      this.entries.clear();
      return;
    }
    for (const [key, { tags }] of this.entries) {
      if (matches(tags, invalidation)) {
        this.entries.delete(key);
      }
    }
  }
}

function matches(tags: CacheTags, invalidation: Invalidation): boolean {
  return (
    (invalidation.jti !== undefined && tags.jti === invalidation.jti) ||
    (invalidation.familyId !== undefined && tags.familyId === invalidation.familyId) ||
    (invalidation.acceptanceId !== undefined && tags.acceptanceId === invalidation.acceptanceId) ||
    (invalidation.consumerId !== undefined && tags.consumerId === invalidation.consumerId) ||
    (invalidation.userId !== undefined && tags.userId === invalidation.userId)
  );
}
