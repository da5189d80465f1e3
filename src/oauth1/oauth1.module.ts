import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthenticatorRegistry } from '../common/auth/authenticator.registry';
import { ConsumersModule } from '../consumers/consumers.module';
import { GrantsModule } from '../grants/grants.module';
import { IdentityModule } from '../identity/identity.module';
import { Oauth1ConsentService } from './consent/oauth1-consent.service';
import { Oauth1Authenticator } from './oauth1.authenticator';
import { Oauth1Controller } from './oauth1.controller';
import { Oauth1HandshakeService } from './oauth1-handshake.service';
import { Oauth1RequestVerifier } from './oauth1-request-verifier.service';
import { RequestTokenStore } from './request-token.store';

/** OAuth 1.0a as MediaWiki speaks it: signatures, the handshake, the consent dialog and /identify. */
@Module({
  imports: [ConsumersModule, GrantsModule, IdentityModule],
  controllers: [Oauth1Controller],
  providers: [
    RequestTokenStore,
    Oauth1RequestVerifier,
    Oauth1HandshakeService,
    Oauth1ConsentService,
    Oauth1Authenticator,
  ],
  exports: [Oauth1RequestVerifier],
})
export class Oauth1Module implements OnModuleInit {
  constructor(
    private readonly registry: AuthenticatorRegistry,
    private readonly authenticator: Oauth1Authenticator,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.authenticator);
  }
}
