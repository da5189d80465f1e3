/**
 * What changed, so that every instance drops what it cached about it: a token, a token family, an
 * authorization, a consumer, a user or the signing keys; `all` when messages may have been missed.
 */
export interface Invalidation {
  jti?: string;
  familyId?: string;
  acceptanceId?: number;
  consumerId?: number;
  userId?: number;
  signingKeys?: boolean;
  all?: boolean;
}

export type InvalidationHandler = (invalidation: Invalidation) => void;

/**
 * Broadcasts invalidations to every instance, this one included: in-process for the memory backend, Redis
 * pub/sub when CACHE_URL is Redis. `healthy` is false while messages could be lost (the subscription is down);
 * caches must not serve from memory then, which is what bounds how long a stale entry can live.
 */
export abstract class InvalidationBus {
  private readonly handlers: InvalidationHandler[] = [];

  abstract get healthy(): boolean;

  abstract publish(invalidation: Invalidation): Promise<void>;

  subscribe(handler: InvalidationHandler): void {
    this.handlers.push(handler);
  }

  protected deliver(invalidation: Invalidation): void {
    for (const handler of this.handlers) {
      handler(invalidation);
    }
  }
}

/** A single process: delivery is a function call. */
export class LocalInvalidationBus extends InvalidationBus {
  get healthy(): boolean {
    return true;
  }

  publish(invalidation: Invalidation): Promise<void> {
    this.deliver(invalidation);
    return Promise.resolve();
  }
}
