import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../database/batched-delete';
import { OutboxEntity } from './outbox.entity';

/**
 * Reads and updates of the delivery queue. Webhook rows are created with their notification
 * (`NotificationRepository`); the other channels' rows by `enqueue`.
 */
export const WEBHOOK_CHANNEL = 'webhook';

@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEntity) private readonly outbox: Repository<OutboxEntity>) {}

  /** The oldest undelivered webhook rows, due or not: webhook delivery keeps creation order. */
  head(limit: number): Promise<OutboxEntity[]> {
    return this.outbox.find({
      where: { channel: WEBHOOK_CHANNEL, deliveredAt: IsNull() },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** A channel's undelivered rows due by `now`, oldest first; each is independent of the others. */
  due(channel: string, now: Date, limit: number): Promise<OutboxEntity[]> {
    return this.outbox.find({
      where: { channel, deliveredAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  async enqueue(row: { channel: string; destination: string; event: string; payload: string }): Promise<void> {
    const now = new Date();
    await this.outbox.insert({ ...row, attempts: 0, nextAttemptAt: now, createdAt: now });
  }

  /**
   * Reserves a row until `leaseUntil`, if it is still exactly as read: another instance that read it too
   * finds it changed and gets `false`. `attempts` is part of the match because `next_attempt_at` alone may
   * come back to an old value (MariaDB keeps whole seconds).
   */
  async claim(row: OutboxEntity, leaseUntil: Date): Promise<boolean> {
    const result = await this.outbox.update(
      { id: row.id, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt, deliveredAt: IsNull() },
      { nextAttemptAt: leaseUntil },
    );
    return result.affected === 1;
  }

  async markDelivered(id: number, attempts: number, at: Date): Promise<void> {
    await this.outbox.update({ id }, { attempts, deliveredAt: at, lastError: null });
  }

  /** Deletes the rows delivered before `before`; undelivered rows stay however old they are. */
  purgeDelivered(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.outbox, { deliveredAt: LessThan(before) }, batches);
  }

  /**
   * Settles a row its channel gave up on: `delivered_at` marks it done with the queue (so the week-long purge of
   * delivered rows takes it too), and `last_error` says it was abandoned and why.
   */
  async markAbandoned(id: number, attempts: number, error: string, at: Date): Promise<void> {
    await this.outbox.update({ id }, { attempts, deliveredAt: at, lastError: `abandoned: ${error}`.slice(0, 255) });
  }

  async markFailed(id: number, attempts: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.outbox.update({ id }, { attempts, lastError: error.slice(0, 255), nextAttemptAt });
  }
}
