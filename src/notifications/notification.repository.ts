import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { NotificationEntity } from './notification.entity';
import { OutboxEntity } from './outbox.entity';
import { WEBHOOK_CHANNEL } from './outbox.repository';

export type NewNotification = Omit<NotificationEntity, 'id' | 'readAt'>;

export interface NotificationBatch {
  notifications: NewNotification[];
  /** The webhook body for a stored notification; absent when no webhook is configured. */
  webhookBody?: (notification: NotificationEntity) => string;
  /** A consumer that left the proposed stage: its proposal entries are dropped. */
  settledConsumerId?: number;
  at: Date;
}

/** Whose inbox, less the entries about consumers this reader may not see. */
export interface Reader {
  userId: number;
  hiddenConsumerIds: number[];
}

export interface InboxQuery {
  unreadOnly: boolean;
  beforeId?: number;
  limit: number;
}

/** The only code that touches `notifications`, and the one that fills `notification_outbox`. */
@Injectable()
export class NotificationRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Writes the inbox rows and their outbox rows in one transaction, so a notification that exists is always
   * delivered too. Rows go in one by one: their ids are needed for the outbox, and bulk inserts on MariaDB
   * do not report every generated id.
   */
  async record(batch: NotificationBatch): Promise<void> {
    await this.transactions.run(async (manager) => {
      const notifications = manager.getRepository(NotificationEntity);
      if (batch.settledConsumerId !== undefined) {
        await notifications.delete({ consumerId: batch.settledConsumerId, type: 'oauth-app-propose' });
      }
      for (const entry of batch.notifications) {
        const saved = await notifications.save(notifications.create({ ...entry, readAt: null }));
        if (batch.webhookBody) {
          await manager.getRepository(OutboxEntity).insert({
            channel: WEBHOOK_CHANNEL,
            notificationId: saved.id,
            event: saved.type,
            payload: batch.webhookBody(saved),
            attempts: 0,
            nextAttemptAt: batch.at,
            deliveredAt: null,
            lastError: null,
            createdAt: batch.at,
          });
        }
      }
    });
  }

  /** Newest first, strictly below `beforeId` when given. */
  page(reader: Reader, query: InboxQuery): Promise<NotificationEntity[]> {
    const where: FindOptionsWhere<NotificationEntity> = {};
    if (query.unreadOnly) {
      where.readAt = IsNull();
    }
    if (query.beforeId !== undefined) {
      where.id = LessThan(query.beforeId);
    }
    return this.notifications.find({ where: visibleTo(reader, where), order: { id: 'DESC' }, take: query.limit });
  }

  unreadCount(reader: Reader): Promise<number> {
    return this.notifications.count({ where: visibleTo(reader, { readAt: IsNull() }) });
  }

  findOwn(reader: Reader, id: number): Promise<NotificationEntity | null> {
    return this.notifications.findOne({ where: visibleTo(reader, { id }) });
  }

  /** Sets `read_at` once; reading again keeps the first time. */
  async markRead(reader: Reader, id: number, at: Date): Promise<void> {
    await this.notifications.update(visibleTo(reader, { id, readAt: IsNull() }), { readAt: at });
  }

  async markAllRead(reader: Reader, at: Date): Promise<number> {
    const result = await this.notifications.update(visibleTo(reader, { readAt: IsNull() }), { readAt: at });
    return result.affected ?? 0;
  }
}

/** `where` within the reader's own entries, about no hidden consumer (entries about no consumer stay). */
function visibleTo(
  reader: Reader,
  where: FindOptionsWhere<NotificationEntity>,
): FindOptionsWhere<NotificationEntity> | FindOptionsWhere<NotificationEntity>[] {
  const own = { ...where, userId: reader.userId };
  if (reader.hiddenConsumerIds.length === 0) {
    return own;
  }
  return [
    { ...own, consumerId: IsNull() },
    { ...own, consumerId: Not(In(reader.hiddenConsumerIds)) },
  ];
}
