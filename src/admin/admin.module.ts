import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { AdminConsumersController } from './admin-consumers.controller';
import { LogController } from './log.controller';

/** Management over the registry: the review queue, the admin actions, the audit log. */
@Module({ imports: [ConsumersModule], controllers: [AdminConsumersController, LogController] })
export class AdminModule {}
