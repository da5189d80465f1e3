import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GrantsModule } from '../grants/grants.module';
import { IdentityModule } from '../identity/identity.module';
import { ConsumerChangeListener } from './consumer-change.listener';
import { ConsumerDirectory } from './consumer-directory';
import { ConsumerLifecycleService } from './consumer-lifecycle.service';
import { ConsumerLogEntity } from './consumer-log.entity';
import { ConsumerLogRepository } from './consumer-log.repository';
import { ConsumerQueryService } from './consumer-query.service';
import { ConsumerRegistrationService } from './consumer-registration.service';
import { ConsumerSecrets } from './consumer-secrets';
import { OwnerOnlyTokens } from './owner-only-tokens';
import { ConsumerEntity } from './consumer.entity';
import { ConsumerRepository } from './consumer.repository';
import { ConsumersController } from './consumers.controller';
import { MyConsumersController } from './my-consumers.controller';
import { MyGrantsController } from './my-grants.controller';
import { MyGrantsService } from './my-grants.service';
import { ProposalExpiryJob } from './proposal-expiry.job';

/** The consumer registry: proposals, owner updates, the admin state machine, the audit log, config apps. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsumerEntity, ConsumerLogEntity]), IdentityModule, GrantsModule],
  controllers: [ConsumersController, MyConsumersController, MyGrantsController],
  providers: [
    ConsumerRepository,
    ConsumerLogRepository,
    ConsumerDirectory,
    ConsumerSecrets,
    OwnerOnlyTokens,
    ConsumerRegistrationService,
    ConsumerLifecycleService,
    ConsumerQueryService,
    MyGrantsService,
    ProposalExpiryJob,
    ConsumerChangeListener,
  ],
  exports: [
    ConsumerDirectory,
    ConsumerSecrets,
    OwnerOnlyTokens,
    ConsumerRegistrationService,
    ConsumerLifecycleService,
    ConsumerQueryService,
    MyGrantsService,
  ],
})
export class ConsumersModule {}
