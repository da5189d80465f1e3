import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type PurgeReport, ScheduledPurge } from '../database/scheduled-purge.service';
import { OutboxRepository } from './outbox.repository';

export const OUTBOX_PURGE_JOB = 'notification-outbox-purge';
/**
 * How long a delivered webhook stays in the outbox: time to look into a receiver's question about it. Its id, the
 * receiver's key against repeats (`X-Gatehouse-Delivery`), is never reused after the row goes: ids only grow
 * (AUTOINCREMENT on SQLite, InnoDB's persistent counter on MariaDB).
 */
export const DELIVERED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Deletes webhook deliveries a week after they were delivered; the inbox itself is the users' and stays. */
@Injectable()
export class OutboxPurgeJob implements OnApplicationBootstrap {
  constructor(
    private readonly purges: ScheduledPurge,
    private readonly outbox: OutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.purges.schedule(OUTBOX_PURGE_JOB, () => this.runOnce());
  }

  /** One purge now, as the schedule runs it; undefined when another instance holds the lease. */
  runOnce(): Promise<PurgeReport | undefined> {
    return this.purges.run(OUTBOX_PURGE_JOB, async (batches) => ({
      notification_outbox: await this.outbox.purgeDelivered(new Date(Date.now() - DELIVERED_RETENTION_MS), batches),
    }));
  }
}
