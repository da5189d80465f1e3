import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import type { OutboxEntity } from './outbox.entity';
import { OutboxRepository, WEBHOOK_CHANNEL } from './outbox.repository';
import { retryDelay } from './retry-backoff';
import { WEBHOOK_TIMING, type WebhookTiming } from './webhook-timing';
import type { DeliveryOutcome } from './webhook-sender';

/** One queued message of a channel, as its deliverer gets it. */
export interface ChannelMessage {
  id: number;
  destination: string;
  event: string;
  payload: string;
  attempts: number;
}

/** Sends one message; never throws (a failure is an outcome, retried later). */
export type ChannelDeliverer = (message: ChannelMessage) => Promise<DeliveryOutcome>;

export interface ChannelOptions {
  /** How long a message is retried after it was queued; then it is abandoned, with a warning. */
  giveUpAfterMs: number;
}

interface Channel {
  deliver: ChannelDeliverer;
  options: ChannelOptions;
}

/**
 * The durable outbox for other modules' messages (DESIGN §12: OpenID Connect's back-channel logout tokens), on the
 * webhook table and with its guarantees: a message is written before anything is sent, each row is claimed before it
 * is sent so instances sharing the database never both send it, and failures are retried with the webhook's backoff
 * until they succeed. Unlike the webhook, each message goes to its own destination, so rows are independent: a
 * receiver that is down holds up no other, and a message its receiver never takes is abandoned after the channel's
 * time, so the queue does not grow with receivers that are gone.
 */
@Injectable()
export class OutboxChannels implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxChannels.name);
  private readonly channels = new Map<string, Channel>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(WEBHOOK_TIMING) private readonly timing: WebhookTiming,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  /** Called by the owning module when it starts; a channel's rows wait until it is registered. */
  register(channel: string, deliver: ChannelDeliverer, options: ChannelOptions): void {
    if (channel === WEBHOOK_CHANNEL || this.channels.has(channel)) {
      throw new Error(`the outbox channel ${channel} is taken`);
    }
    this.channels.set(channel, { deliver, options });
  }

  /** Queues a message; it is sent within a poll interval, and again until its receiver accepts it. */
  async enqueue(channel: string, message: { destination: string; event: string; payload: string }): Promise<void> {
    await this.outbox.enqueue({ channel, ...message });
  }

  onApplicationBootstrap(): void {
    // An operator command only queues: the running service delivers.
    if (this.mode === 'command') {
      return;
    }
    // unref: a pending poll must not keep a process alive that is otherwise done.
    this.timer = setInterval(() => this.poll(), this.timing.pollIntervalMs).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private poll(): void {
    if (this.running || this.stopping || this.channels.size === 0) {
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error(`Outbox channel run failed: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async drain(): Promise<void> {
    for (const [name, channel] of this.channels) {
      const rows = await this.outbox.due(name, new Date(), this.timing.batchSize);
      for (const row of rows) {
        if (this.stopping) {
          return;
        }
        if (await this.outbox.claim(row, new Date(Date.now() + this.timing.leaseMs))) {
          await this.deliver(row, channel);
        }
      }
    }
  }

  private async deliver(row: OutboxEntity, { deliver, options }: Channel): Promise<void> {
    const outcome = await deliver({
      id: row.id,
      destination: row.destination ?? '',
      event: row.event,
      payload: row.payload,
      attempts: row.attempts,
    });
    const attempts = row.attempts + 1;
    if (outcome.delivered) {
      await this.outbox.markDelivered(row.id, attempts, new Date());
      return;
    }
    if (Date.now() - row.createdAt.getTime() >= options.giveUpAfterMs) {
      await this.outbox.markAbandoned(row.id, attempts, outcome.error, new Date());
      this.logger.warn(
        `Outbox ${row.channel} delivery ${row.id} abandoned after ${attempts} attempts: ${outcome.error}`,
      );
      return;
    }
    const delay = retryDelay(attempts, this.timing.retry);
    await this.outbox.markFailed(row.id, attempts, outcome.error, new Date(Date.now() + delay));
    const summary = `Outbox ${row.channel} delivery ${row.id} failed: ${outcome.error}; attempt ${attempts}, next in ${delay} ms`;
    if (attempts >= this.timing.warnAfterAttempts) {
      this.logger.warn(`${summary}. Still failing after ${attempts} attempts; it keeps being retried.`);
    } else {
      this.logger.log(summary);
    }
  }
}
