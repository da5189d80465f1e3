import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumersModule } from '../consumers/consumers.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { Oauth2Extensions } from '../oauth2/extensions/oauth2-extensions';
import { DiscoveryController } from './discovery/discovery.controller';
import { IdTokenIssuer } from './id-token/id-token.issuer';
import { OidcLoginEntity } from './logins/oidc-login.entity';
import { OidcLoginPurgeJob } from './logins/oidc-login-purge.job';
import { OidcLoginRepository } from './logins/oidc-login.repository';
import { BackchannelLogout } from './logout/backchannel-logout';
import { EndSessionController } from './logout/end-session.controller';
import { EndSessionService } from './logout/end-session.service';
import { OidcExtension } from './oidc.extension';
import { UserInfoController } from './userinfo/userinfo.controller';
import { UserInfoService } from './userinfo/userinfo.service';

/**
 * OpenID Connect (DESIGN §12): a module over `oauth2`, which it extends through `Oauth2Extensions` and never the
 * other way round: discovery, the ID Token, UserInfo, the authorization request's OpenID parameters, and logout
 * (RP-initiated, and back-channel through the notifications outbox).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([OidcLoginEntity]),
    OAuth2Module,
    ConsumersModule,
    IdentityModule,
    NotificationsModule,
  ],
  controllers: [DiscoveryController, UserInfoController, EndSessionController],
  providers: [
    OidcLoginRepository,
    OidcLoginPurgeJob,
    IdTokenIssuer,
    OidcExtension,
    UserInfoService,
    EndSessionService,
    BackchannelLogout,
  ],
})
export class OidcModule implements OnModuleInit {
  constructor(
    private readonly extensions: Oauth2Extensions,
    private readonly oidc: OidcExtension,
    private readonly backchannel: BackchannelLogout,
  ) {}

  onModuleInit(): void {
    this.extensions.register(this.oidc);
    this.backchannel.start();
  }
}
