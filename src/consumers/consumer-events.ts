import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import {
  CONSUMER_LIFECYCLE_EVENT,
  type ConsumerAction,
  type ConsumerLifecycleEvent,
} from '../common/events/consumer-lifecycle.event';
import type { Consumer } from './consumer';

const logger = new Logger('ConsumerEvents');

/**
 * Tells the rest of the service (notifications, caches) about a committed change. The change stands whatever
 * happens here, so a failure is logged and never fails the caller's answer (which may carry a one-time secret).
 */
export async function publishLifecycle(
  events: EventEmitter2,
  action: ConsumerAction,
  consumer: Consumer,
  owner: { id: number; name: string },
  actor: { id: number; name: string },
  comment: string,
  at: Date,
): Promise<void> {
  const event: ConsumerLifecycleEvent = {
    action,
    consumer: {
      id: consumer.id,
      key: consumer.key,
      name: consumer.name,
      version: consumer.version,
      ownerId: owner.id,
      ownerName: owner.name,
    },
    actor,
    comment,
    at,
  };
  try {
    await events.emitAsync(CONSUMER_LIFECYCLE_EVENT, event);
  } catch (error) {
    logger.error({ err: error, consumer: consumer.key, action }, 'lifecycle event not delivered');
  }
}
