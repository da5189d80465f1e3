import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../database/batched-delete';
import { OutboxEntity } from './outbox.entity';

/** Reads and updates of the webhook queue; rows are created with their notification (`NotificationRepository`). */
@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEntity) private readonly outbox: Repository<OutboxEntity>) {}

  /** The oldest undelivered rows, due or not: delivery keeps creation order. */
  head(limit: number): Promise<OutboxEntity[]> {
    return this.outbox.find({ where: { deliveredAt: IsNull() }, order: { id: 'ASC' }, take: limit });
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

  async markFailed(id: number, attempts: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.outbox.update({ id }, { attempts, lastError: error.slice(0, 255), nextAttemptAt });
  }
}
