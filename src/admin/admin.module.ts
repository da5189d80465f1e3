import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { AdminConsumersController } from './admin-consumers.controller';
import { AdminKeysController } from './admin-keys.controller';
import { LogController } from './log.controller';

/** Management over the registry (the review queue, the admin actions, the audit log) and the signing keys. */
@Module({
  imports: [ConsumersModule, OAuth2Module],
  controllers: [AdminConsumersController, AdminKeysController, LogController],
})
export class AdminModule {}
