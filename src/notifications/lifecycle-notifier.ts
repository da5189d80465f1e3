import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CONSUMER_LIFECYCLE_EVENT, type ConsumerLifecycleEvent } from '../common/events/consumer-lifecycle.event';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdentityService } from '../identity/identity.service';
import type { Language } from '../common/messages/languages';
import { messageOf } from './notification-message';
import { type NotificationPayload, parsePayload, payloadOf } from './notification-payload';
import type { NotificationEntity } from './notification.entity';
import { type NewNotification, NotificationRepository } from './notification.repository';
import {
  type NotificationType,
  type NotifyingAction,
  audienceOf,
  isNotifying,
  notificationTypeOf,
  recipientsOf,
  settlesProposal,
} from './notification-rules';

/** The JSON POSTed to the webhook: the inbox entry, its recipient and Echo's extra data. */
export interface WebhookBody extends NotificationPayload {
  id: number;
  type: NotificationType;
  recipient: { id: number; name: string };
  message: string;
  createdAt: string;
}

/** Turns committed consumer changes into inbox entries (and webhook deliveries), following Echo's rules. */
@Injectable()
export class LifecycleNotifier {
  private readonly logger = new Logger(LifecycleNotifier.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The change is committed already: a failure here is logged, never passed back to the publisher. */
  @OnEvent(CONSUMER_LIFECYCLE_EVENT, { async: true, promisify: true })
  async onLifecycle(event: ConsumerLifecycleEvent): Promise<void> {
    try {
      await this.record(event);
    } catch (error) {
      this.logger.error(
        `Could not record notifications for ${event.action} of consumer ${event.consumer.key}: ${String(error)}`,
      );
    }
  }

  private async record(event: ConsumerLifecycleEvent): Promise<void> {
    const at = new Date();
    const entries = isNotifying(event.action) ? await this.entriesFor({ ...event, action: event.action }, at) : [];
    const settledConsumerId = settlesProposal(event.action) ? event.consumer.id : undefined;
    if (entries.length === 0 && settledConsumerId === undefined) {
      return;
    }
    const names =
      this.config.notifications.webhookUrl && entries.length > 0
        ? await this.identity.namesOf(entries.map((entry) => entry.userId))
        : undefined;
    await this.notifications.record({
      notifications: entries,
      webhookBody: names && ((row) => webhookBody(row, names.get(row.userId) ?? '', this.config.defaultLanguage)),
      settledConsumerId,
      at,
    });
  }

  private async entriesFor(
    event: ConsumerLifecycleEvent & { action: NotifyingAction },
    at: Date,
  ): Promise<NewNotification[]> {
    const groupMembers =
      audienceOf(event.action) === 'notify-groups'
        ? await this.identity.memberIds(this.config.oauth.groupsToNotify)
        : [];
    const payload = JSON.stringify(payloadOf(event));
    return recipientsOf(event, groupMembers).map((userId) => ({
      userId,
      type: notificationTypeOf(event.action),
      consumerId: event.consumer.id,
      actorId: event.actor.id,
      payload,
      createdAt: at,
    }));
  }
}

function webhookBody(row: NotificationEntity, recipientName: string, language: Language): string {
  const type = row.type as NotificationType;
  const payload = parsePayload(row.payload);
  const body: WebhookBody = {
    id: row.id,
    type,
    recipient: { id: row.userId, name: recipientName },
    message: messageOf(type, payload.actor.name, payload.consumer.name, language),
    createdAt: row.createdAt.toISOString(),
    ...payload,
  };
  return JSON.stringify(body);
}
