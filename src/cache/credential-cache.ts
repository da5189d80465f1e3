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

/**
 * Process-memory cache of credential state for the hot paths (no SQL on a hit), dropped on the
 * invalidation bus. While the bus is unhealthy (messages could be lost) it neither serves nor stores, so a change
 * is honoured within the bus's delivery time, never later. Bounded: the oldest entries go first.
 */
export class CredentialCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;

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

  /** Call before reading the state to cache; a write is dropped if anything was invalidated since. */
  begin(key: string): CacheWrite<T> {
    const generation = this.generation;
    return {
      set: (value, tags, expiresAt) => {
        if (generation !== this.generation || !this.bus.healthy || expiresAt <= Date.now()) {
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

  private invalidate(invalidation: Invalidation): void {
    this.generation += 1;
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
