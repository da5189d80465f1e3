import type { Logger } from '@nestjs/common';
import { type Invalidation, InvalidationBus } from './invalidation-bus';
import type { RedisClient, TopologyChange } from './redis-client';

/**
 * Redis pub/sub between instances. The subscriber needs a connection of its own (a subscribed connection can do
 * nothing else); while it is down the bus reports itself unhealthy and, once back, tells every cache to start
 * afresh, since messages sent meanwhile are lost.
 */
export class RedisInvalidationBus extends InvalidationBus {
  private subscribed = false;
  /** The SUBSCRIBE in flight, so that 'ready' and a resolved connect() do not subscribe twice. */
  private subscribing?: Promise<void>;

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {
    super();
    subscriber.on('end', () => this.lost());
    subscriber.on('error', () => this.lost());
    // node-redis subscribes again by itself after a reconnection; what was cached meanwhile may be stale.
    subscriber.on('ready', () => {
      this.lost();
      void this.subscribeOnce();
    });
    // Behind Sentinel the subscription moves to the new master by itself; what was published meanwhile is lost.
    subscriber.on('topology-change', (event: TopologyChange) => {
      if (event.type === 'MASTER_CHANGE') {
        this.lost();
      }
    });
  }

  get healthy(): boolean {
    return this.subscribed && this.subscriber.isReady;
  }

  /**
   * Connects in the background: Redis being down at start-up must not hold the service up (caches stay off
   * until the subscription is in place, which the 'ready' event brings).
   */
  open(): Promise<void> {
    this.subscriber.connect().then(
      // The Sentinel client emits no 'ready'; a single server's has emitted it by now, and subscribed once.
      () => this.subscribeOnce(),
      (error: unknown) => {
        this.logger.warn(`invalidation channel unavailable (${(error as Error).message}); caches stay off`);
      },
    );
    return Promise.resolve();
  }

  private subscribeOnce(): Promise<void> {
    this.subscribing ??= this.subscribeChannel().finally(() => (this.subscribing = undefined));
    return this.subscribing;
  }

  private async subscribeChannel(): Promise<void> {
    if (this.subscribed) {
      return;
    }
    try {
      await this.subscriber.subscribe(this.channel, (message) => this.receive(message));
      this.subscribed = true;
    } catch (error) {
      this.logger.warn(`invalidation channel unavailable (${(error as Error).message}); caches stay off`);
    }
  }

  async close(): Promise<void> {
    this.subscribed = false;
    if (this.subscriber.isOpen) {
      await this.subscriber.destroy();
    }
  }

  async publish(invalidation: Invalidation): Promise<void> {
    // Delivered here at once, not when Redis echoes it back, so this instance never serves the old state.
    this.deliver(invalidation);
    try {
      await this.publisher.publish(this.channel, JSON.stringify(invalidation));
    } catch (error) {
      // Redis is down: the change itself is committed, and the other instances' subscriptions are down too, so
      // their caches are off until they reconnect and start afresh.
      this.logger.warn(`invalidation not published (${(error as Error).message})`);
    }
  }

  private receive(message: string): void {
    try {
      this.deliver(JSON.parse(message) as Invalidation);
    } catch {
      this.deliver({ all: true });
    }
  }

  /** Messages may have been missed: every cache starts afresh. */
  private lost(): void {
    this.deliver({ all: true });
  }
}
