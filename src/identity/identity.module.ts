import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorRegistry } from '../common/auth/authenticator.registry';
import { GrantsModule } from '../grants/grants.module';
import { AccountSessions } from './account-sessions.service';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { LinkedAccounts } from './federation/linked-accounts';
import { DirectorySync } from './federation/directory-sync.service';
import { ExternalIdentityEntity } from './federation/external-identity.entity';
import { ExternalIdentityRepository } from './federation/external-identity.repository';
import { LdapDirectory } from './federation/ldap-directory';
import { SignInCredentials } from './federation/sign-in-credentials';
import { UserSources } from './federation/user-sources';
import { UserSourcesController } from './federation/user-sources.controller';
import { UpstreamLoginController } from './federation/upstream-login.controller';
import { UpstreamSignIn } from './federation/upstream-sign-in';
import { UpstreamBackchannelLogoutController } from './federation/upstream-backchannel-logout.controller';
import { UpstreamLogoutReceiver } from './federation/upstream-logout';
import { UpstreamSessions } from './federation/upstream-sessions';
import { LoginPageResponder } from './login-page.responder';
import { IdentityService } from './identity.service';
import { LoginPageController } from './login-page.controller';
import { LoginService } from './login.service';
import { LoginThrottle } from './login-throttle';
import { PasswordController } from './password.controller';
import { MySessionsController } from './my-sessions.controller';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { PreferencesController } from './preferences/preferences.controller';
import { PreferencesService } from './preferences/preferences.service';
import { PendingSignIns } from './second-factor/pending-sign-ins';
import { RecoveryCodeEntity } from './second-factor/recovery-code.entity';
import { SecondFactorRepository } from './second-factor/second-factor.repository';
import { TotpCredentialEntity } from './second-factor/totp-credential.entity';
import { TwoFactorController } from './second-factor/two-factor.controller';
import { TwoFactorService } from './second-factor/two-factor.service';
import { WebauthnCredentialEntity } from './second-factor/webauthn-credential.entity';
import { WebauthnService } from './second-factor/webauthn.service';
import { SessionAuthenticator } from './session.authenticator';
import { SessionCookies } from './session-cookies';
import { SessionService } from './session.service';
import { UserGroupEntity } from './user-group.entity';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

/** Accounts, groups and rights, password sign-in, sessions; the first authenticator the guard asks. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      UserEntity,
      UserGroupEntity,
      TotpCredentialEntity,
      RecoveryCodeEntity,
      WebauthnCredentialEntity,
      ExternalIdentityEntity,
    ]),
    // The upstream back-channel logout may revoke an account's authorizations (a leaver's tokens).
    GrantsModule,
  ],
  controllers: [
    AuthController,
    MeController,
    PreferencesController,
    PasswordController,
    MySessionsController,
    TwoFactorController,
    AdminUsersController,
    LoginPageController,
    UserSourcesController,
    UpstreamLoginController,
    UpstreamBackchannelLogoutController,
  ],
  providers: [
    UserRepository,
    PasswordHasher,
    LoginThrottle,
    IdentityService,
    SessionService,
    SessionCookies,
    LoginService,
    AccountSessions,
    SessionAuthenticator,
    AdminBootstrapService,
    SecondFactorRepository,
    TwoFactorService,
    WebauthnService,
    PendingSignIns,
    PreferencesService,
    LdapDirectory,
    ExternalIdentityRepository,
    LinkedAccounts,
    SignInCredentials,
    DirectorySync,
    UserSources,
    UpstreamSignIn,
    UpstreamSessions,
    UpstreamLogoutReceiver,
    LoginPageResponder,
  ],
  exports: [
    IdentityService,
    SessionService,
    LoginService,
    AccountSessions,
    SessionCookies,
    TwoFactorService,
    WebauthnService,
    PreferencesService,
    DirectorySync,
    LdapDirectory,
    UserSources,
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly registry: AuthenticatorRegistry,
    private readonly sessionAuthenticator: SessionAuthenticator,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.sessionAuthenticator);
  }
}
