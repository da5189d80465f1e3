import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import { ConsumerQueryService } from '../consumers/consumer-query.service';
import type { InboxPageDto, NotificationDto } from './dto/notification.dto';
import { messageOf } from './notification-message';
import { parsePayload } from './notification-payload';
import type { NotificationEntity } from './notification.entity';
import { NotificationErrorCode, NotificationException } from './notification.exception';
import { type InboxQuery, NotificationRepository, type Reader } from './notification.repository';
import type { NotificationType } from './notification-rules';

/**
 * A user's own notifications: list, count, mark read. Nobody reads or touches another user's, and entries about a
 * consumer the reader may not see (suppressed, reference §1.7) are left out of all of it, as every listing of
 * consumers leaves it out.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly consumers: ConsumerQueryService,
  ) {}

  async page(auth: AuthContext, query: InboxQuery): Promise<InboxPageDto> {
    const reader = await this.reader(auth);
    // One row more than asked tells whether another page exists.
    const rows = await this.notifications.page(reader, { ...query, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    return {
      notifications: shown.map(toDto),
      unreadCount: await this.notifications.unreadCount(reader),
      nextCursor: rows.length > query.limit ? String(shown[shown.length - 1].id) : undefined,
    };
  }

  async unreadCount(auth: AuthContext): Promise<number> {
    return this.notifications.unreadCount(await this.reader(auth));
  }

  async markRead(auth: AuthContext, id: number): Promise<NotificationDto> {
    const reader = await this.reader(auth);
    await this.notifications.markRead(reader, id, new Date());
    const row = await this.notifications.findOwn(reader, id);
    if (!row) {
      // The same answer for another user's entry, or a hidden one, as for none at all, so ids reveal nothing.
      throw new NotificationException(NotificationErrorCode.NotFound, `You have no notification ${id}`);
    }
    return toDto(row);
  }

  async markAllRead(auth: AuthContext): Promise<number> {
    return this.notifications.markAllRead(await this.reader(auth), new Date());
  }

  private async reader(auth: AuthContext): Promise<Reader> {
    return { userId: auth.userId, hiddenConsumerIds: await this.consumers.hiddenConsumerIds(auth) };
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
