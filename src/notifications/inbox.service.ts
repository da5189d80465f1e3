import { Injectable } from '@nestjs/common';
import type { InboxPageDto, NotificationDto } from './dto/notification.dto';
import { messageOf } from './notification-message';
import { parsePayload } from './notification-payload';
import type { NotificationEntity } from './notification.entity';
import { NotificationErrorCode, NotificationException } from './notification.exception';
import { type InboxQuery, NotificationRepository } from './notification.repository';
import type { NotificationType } from './notification-rules';

/** A user's own notifications: list, count, mark read. Nobody reads or touches another user's. */
@Injectable()
export class InboxService {
  constructor(private readonly notifications: NotificationRepository) {}

  async page(userId: number, query: InboxQuery): Promise<InboxPageDto> {
    // One row more than asked tells whether another page exists.
    const rows = await this.notifications.page(userId, { ...query, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    return {
      notifications: shown.map(toDto),
      unreadCount: await this.notifications.unreadCount(userId),
      nextCursor: rows.length > query.limit ? String(shown[shown.length - 1].id) : undefined,
    };
  }

  unreadCount(userId: number): Promise<number> {
    return this.notifications.unreadCount(userId);
  }

  async markRead(userId: number, id: number): Promise<NotificationDto> {
    await this.notifications.markRead(userId, id, new Date());
    const row = await this.notifications.findOwn(userId, id);
    if (!row) {
      // The same answer for another user's entry as for none at all, so ids reveal nothing.
      throw new NotificationException(NotificationErrorCode.NotFound, `You have no notification ${id}`);
    }
    return toDto(row);
  }

  markAllRead(userId: number): Promise<number> {
    return this.notifications.markAllRead(userId, new Date());
  }
}

function toDto(row: NotificationEntity): NotificationDto {
  const payload = parsePayload(row.payload);
  return {
    id: row.id,
    type: row.type,
    consumer: { key: payload.consumer.key, name: payload.consumer.name, version: payload.consumer.version },
    actor: { id: payload.actor.id, name: payload.actor.name },
    comment: payload.comment,
    message: messageOf(row.type as NotificationType, payload.actor.name, payload.consumer.name),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
