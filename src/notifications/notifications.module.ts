import { Module } from '@nestjs/common';

/** Echo-style inbox fed by consumer lifecycle events, and the webhook outbox (DESIGN §2). */
@Module({})
export class NotificationsModule {}
