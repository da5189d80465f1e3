import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InvalidationBus } from '../cache/invalidation-bus';
import { CONSUMER_LIFECYCLE_EVENT, type ConsumerLifecycleEvent } from '../common/events/consumer-lifecycle.event';

/** A consumer changed (approved, disabled, updated…): every instance drops what it cached about it. */
@Injectable()
export class ConsumerChangeListener {
  constructor(private readonly invalidations: InvalidationBus) {}

  @OnEvent(CONSUMER_LIFECYCLE_EVENT, { promisify: true })
  async consumerChanged(event: ConsumerLifecycleEvent): Promise<void> {
    await this.invalidations.publish({ consumerId: event.consumer.id });
  }
}
