import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { ClientRegistrationController } from './client-registration/client-registration.controller';
import { ClientRegistrationService } from './client-registration/client-registration.service';
import { JwksController } from './keys/jwks.controller';
import { SigningKeys } from './keys/signing-keys.service';

/** OAuth 2.0; for now MediaWiki's REST client self-service and the signing keys (the protocol endpoints come with their issue). */
@Module({
  imports: [ConsumersModule],
  controllers: [ClientRegistrationController, JwksController],
  providers: [ClientRegistrationService, SigningKeys],
  exports: [SigningKeys],
})
export class OAuth2Module {}
