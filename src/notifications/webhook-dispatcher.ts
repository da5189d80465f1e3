import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import type { OutboxEntity } from './outbox.entity';
import { OutboxRepository } from './outbox.repository';
import { retryDelay } from './retry-backoff';
import { WEBHOOK_TIMING, type WebhookTiming } from './webhook-timing';
import { type WebhookTarget, postWebhook } from './webhook-sender';

/**
 * Works through the outbox when `NOTIFY_WEBHOOK_URL` is set. Delivery is in creation order: a run stops at
 * the first row that is not due, held by another instance, or failing, and later rows wait behind it (a
 * receiver that refuses one notification holds up the rest, loudly, rather than seeing them out of order).
 * Each row is claimed before it is sent, so instances sharing the database never both send it; a row whose
 * sender died mid-way is sent again once its lease ends (at least once; `X-Gatehouse-Delivery` is the
 * receiver's key to drop repeats).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_TIMING) private readonly timing: WebhookTiming,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  onApplicationBootstrap(): void {
    const { webhookUrl, webhookSecret } = this.config.notifications;
    // An operator command only queues: the running service delivers.
    if (webhookUrl && this.mode === 'service') {
      const target = { url: webhookUrl, secret: webhookSecret };
      // unref: a pending poll must not keep a process alive that is otherwise done.
      this.timer = setInterval(() => this.poll(target), this.timing.pollIntervalMs).unref();
    }
  }

  /** Before the database closes: no new run, and the one in flight finishes its current row. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private poll(target: WebhookTarget): void {
    if (this.running || this.stopping) {
      return;
    }
    this.running = this.drain(target)
      .catch((error: unknown) => this.logger.error(`Webhook dispatch run failed: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async drain(target: WebhookTarget): Promise<void> {
    for (;;) {
      const rows = await this.outbox.head(this.timing.batchSize);
      for (const row of rows) {
        const now = new Date();
        if (this.stopping || row.nextAttemptAt > now) {
          return;
        }
        if (!(await this.outbox.claim(row, new Date(now.getTime() + this.timing.leaseMs)))) {
          return;
        }
        if (!(await this.deliver(row, target))) {
          return;
        }
      }
      if (rows.length < this.timing.batchSize) {
        return;
      }
    }
  }

  private async deliver(row: OutboxEntity, target: WebhookTarget): Promise<boolean> {
    const outcome = await postWebhook(
      target,
      { id: row.id, event: row.event, body: row.payload },
      this.timing.timeoutMs,
    );
    const attempts = row.attempts + 1;
    if (outcome.delivered) {
      await this.outbox.markDelivered(row.id, attempts, new Date());
      return true;
    }
    const delay = retryDelay(attempts, this.timing.retry);
    await this.outbox.markFailed(row.id, attempts, outcome.error, new Date(Date.now() + delay));
    const summary = `Webhook delivery ${row.id} (${row.event}) failed: ${outcome.error}; attempt ${attempts}, next in ${delay} ms`;
    if (attempts >= this.timing.warnAfterAttempts) {
      this.logger.warn(`${summary}. Still failing after ${attempts} attempts; it keeps being retried.`);
    } else {
      this.logger.log(summary);
    }
    return false;
  }
}
