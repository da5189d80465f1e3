import type { ConsumerLifecycleEvent } from '../common/events/consumer-lifecycle.event';
import type { NotifyingAction } from './notification-rules';

/** What an inbox row stores in `payload`: Echo's extra data (action, app key, owner, comment) plus names. */
export interface NotificationPayload {
  action: NotifyingAction;
  consumer: { key: string; name: string; version: string };
  owner: { id: number; name: string };
  actor: { id: number; name: string };
  comment: string;
}

export function payloadOf(event: ConsumerLifecycleEvent & { action: NotifyingAction }): NotificationPayload {
  const { consumer, actor } = event;
  return {
    action: event.action,
    consumer: { key: consumer.key, name: consumer.name, version: consumer.version },
    owner: { id: consumer.ownerId, name: consumer.ownerName },
    actor: { id: actor.id, name: actor.name },
    comment: event.comment,
  };
}

/** The rows are written only by this module, from `payloadOf`. */
export function parsePayload(text: string): NotificationPayload {
  return JSON.parse(text) as NotificationPayload;
}
