import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { ClientRegistrationController } from './client-registration/client-registration.controller';
import { ClientRegistrationService } from './client-registration/client-registration.service';

/** OAuth 2.0; for now MediaWiki's REST client self-service (the protocol endpoints come with their issue). */
@Module({
  imports: [ConsumersModule],
  controllers: [ClientRegistrationController],
  providers: [ClientRegistrationService],
})
export class OAuth2Module {}
