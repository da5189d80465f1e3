import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { Oauth2Extensions } from '../oauth2/extensions/oauth2-extensions';
import { DiscoveryController } from './discovery/discovery.controller';
import { IdTokenIssuer } from './id-token/id-token.issuer';
import { OidcLoginEntity } from './logins/oidc-login.entity';
import { OidcLoginRepository } from './logins/oidc-login.repository';
import { OidcExtension } from './oidc.extension';
import { UserInfoController } from './userinfo/userinfo.controller';
import { UserInfoService } from './userinfo/userinfo.service';

/**
 * OpenID Connect (DESIGN §12): a module over `oauth2`, which it extends through `Oauth2Extensions` and never the
 * other way round: discovery, the ID Token, UserInfo, and the authorization request's OpenID parameters.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OidcLoginEntity]), OAuth2Module],
  controllers: [DiscoveryController, UserInfoController],
  providers: [OidcLoginRepository, IdTokenIssuer, OidcExtension, UserInfoService],
})
export class OidcModule implements OnModuleInit {
  constructor(
    private readonly extensions: Oauth2Extensions,
    private readonly oidc: OidcExtension,
  ) {}

  onModuleInit(): void {
    this.extensions.register(this.oidc);
  }
}
