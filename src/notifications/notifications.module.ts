import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumersModule } from '../consumers/consumers.module';
import { IdentityModule } from '../identity/identity.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { LifecycleNotifier } from './lifecycle-notifier';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { OutboxChannels } from './outbox-channels';
import { OutboxEntity } from './outbox.entity';
import { OutboxPurgeJob } from './outbox-purge.job';
import { OutboxRepository } from './outbox.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { DEFAULT_WEBHOOK_TIMING, WEBHOOK_TIMING } from './webhook-timing';

/**
 * Echo-style inbox fed by consumer lifecycle events (`consumers` publishes them and never imports this
 * module), and the outbox that also POSTs every notification to `NOTIFY_WEBHOOK_URL` when set (DESIGN §2). The inbox
 * asks `consumers` which consumers its reader may not see, so it follows the registry's one visibility rule. Delivered
 * webhooks leave the outbox a week later (`OutboxPurgeJob`). Other modules queue their own deliveries on the same
 * outbox through `OutboxChannels` (OpenID Connect's back-channel logout tokens).
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, OutboxEntity]), IdentityModule, ConsumersModule],
  controllers: [InboxController],
  providers: [
    NotificationRepository,
    OutboxRepository,
    LifecycleNotifier,
    InboxService,
    WebhookDispatcher,
    OutboxChannels,
    OutboxPurgeJob,
    { provide: WEBHOOK_TIMING, useValue: DEFAULT_WEBHOOK_TIMING },
  ],
  exports: [InboxService, OutboxChannels],
})
export class NotificationsModule {}
