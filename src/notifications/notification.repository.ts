import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type FindOptionsWhere, IsNull, LessThan, Repository } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import { OutboxEntity } from './outbox.entity';

export type NewNotification = Omit<NotificationEntity, 'id' | 'readAt'>;

export interface NotificationBatch {
  notifications: NewNotification[];
  /** The webhook body for a stored notification; absent when no webhook is configured. */
  webhookBody?: (notification: NotificationEntity) => string;
  /** A consumer that left the proposed stage: its proposal entries are dropped. */
  settledConsumerId?: number;
  at: Date;
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
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Writes the inbox rows and their outbox rows in one transaction, so a notification that exists is always
   * delivered too. Rows go in one by one: their ids are needed for the outbox, and bulk inserts on MariaDB
   * do not report every generated id.
   */
  async record(batch: NotificationBatch): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const notifications = manager.getRepository(NotificationEntity);
      if (batch.settledConsumerId !== undefined) {
        await notifications.delete({ consumerId: batch.settledConsumerId, type: 'oauth-app-propose' });
      }
      for (const entry of batch.notifications) {
        const saved = await notifications.save(notifications.create({ ...entry, readAt: null }));
        if (batch.webhookBody) {
          await manager.getRepository(OutboxEntity).insert({
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
  page(userId: number, query: InboxQuery): Promise<NotificationEntity[]> {
    const where: FindOptionsWhere<NotificationEntity> = { userId };
    if (query.unreadOnly) {
      where.readAt = IsNull();
    }
    if (query.beforeId !== undefined) {
      where.id = LessThan(query.beforeId);
    }
    return this.notifications.find({ where, order: { id: 'DESC' }, take: query.limit });
  }

  unreadCount(userId: number): Promise<number> {
    return this.notifications.count({ where: { userId, readAt: IsNull() } });
  }

  findOwn(userId: number, id: number): Promise<NotificationEntity | null> {
    return this.notifications.findOne({ where: { id, userId } });
  }

  /** Sets `read_at` once; reading again keeps the first time. */
  async markRead(userId: number, id: number, at: Date): Promise<void> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: at });
  }

  async markAllRead(userId: number, at: Date): Promise<number> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: at });
    return result.affected ?? 0;
  }
}
