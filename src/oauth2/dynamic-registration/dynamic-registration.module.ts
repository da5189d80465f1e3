import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumersModule } from '../../consumers/consumers.module';
import { GrantsModule } from '../../grants/grants.module';
import { IdentityModule } from '../../identity/identity.module';
import { DynamicClientEntity } from './dynamic-client.entity';
import { DynamicClients } from './dynamic-clients';
import { DynamicRegistrationController } from './dynamic-registration.controller';
import { DynamicRegistrationRepository } from './dynamic-registration.repository';
import { DynamicRegistrationService } from './dynamic-registration.service';
import { InitialAccessTokenEntity } from './initial-access-token.entity';
import { InitialAccessTokens } from './initial-access-tokens';
import { RegistrationTokensController } from './registration-tokens.controller';

/** RFC 7591 / RFC 7592 over the consumer registry, and the initial access tokens admins issue for it. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DynamicClientEntity, InitialAccessTokenEntity]),
    ConsumersModule,
    GrantsModule,
    IdentityModule,
  ],
  controllers: [DynamicRegistrationController, RegistrationTokensController],
  providers: [DynamicRegistrationRepository, DynamicRegistrationService, InitialAccessTokens, DynamicClients],
  exports: [DynamicClients, InitialAccessTokens, DynamicRegistrationService],
})
export class DynamicRegistrationModule {}
