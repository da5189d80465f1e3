import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorRegistry } from '../common/auth/authenticator.registry';
import { ConsumersModule } from '../consumers/consumers.module';
import { OwnerOnlyTokens } from '../consumers/owner-only-tokens';
import { GrantsModule } from '../grants/grants.module';
import { IdentityModule } from '../identity/identity.module';
import { AuthorizationCodeStore } from './authorize/authorization-code.store';
import { CodeRedemptionEntity } from './authorize/code-redemption.entity';
import { CodeRedemptionRepository } from './authorize/code-redemption.repository';
import { AuthorizeController } from './authorize/authorize.controller';
import { Oauth2Consent } from './authorize/oauth2-consent';
import { Oauth2AuthorizationService } from './authorize/oauth2-authorization.service';
import { BearerResourceAccess } from './bearer/bearer-resource-access';
import { BearerAuthenticator } from './bearer/bearer.authenticator';
import { SenderConstraint } from './bearer/sender-constraint';
import { ClientRegistrationController } from './client-registration/client-registration.controller';
import { ClientRegistrationService } from './client-registration/client-registration.service';
import { ClientMetadataModule } from './client-metadata/client-metadata.module';
import { DynamicRegistrationModule } from './dynamic-registration/dynamic-registration.module';
import { DeviceAuthorizationController } from './device/device-authorization.controller';
import { DeviceAuthorizationService } from './device/device-authorization.service';
import { DeviceAuthorizationStore } from './device/device-authorization.store';
import { DeviceVerificationService } from './device/device-verification.service';
import { UserCodeThrottle } from './device/user-code-throttle';
import { Oauth2Extensions } from './extensions/oauth2-extensions';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { AuthorizationState } from './grants/authorization-state';
import { ClientCredentialsGrant } from './grants/client-credentials.grant';
import { CurrentAuthorization } from './grants/current-authorization';
import { DeviceCodeGrant } from './grants/device-code.grant';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { TokenExchangeGrant } from './grants/token-exchange.grant';
import { TOKEN_GRANTS } from './grants/token-grant';
import { TokenPairService } from './grants/token-pair.service';
import { TokenIntrospectionService } from './introspection/token-introspection.service';
import { JwksController } from './keys/jwks.controller';
import { SigningKeyEventEntity } from './keys/signing-key-event.entity';
import { SigningKeyRotation } from './keys/signing-key-rotation.service';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { SigningKeyRepository } from './keys/signing-key.repository';
import { SigningKeyStore } from './keys/signing-key.store';
import { SigningKeys } from './keys/signing-keys.service';
import { AuthorizationServerMetadata } from './metadata/authorization-server-metadata';
import { MetadataController } from './metadata/metadata.controller';
import { ProtectedResourceMetadataController } from './resources/protected-resource-metadata.controller';
import { ProtectedResources } from './resources/protected-resources';
import { ClientAuthThrottle } from './protocol/client-auth-throttle';
import { ClientAuthenticator } from './protocol/client-authenticator';
import { DpopProofCheck } from './protocol/check-dpop-proof';
import { DpopNonces } from './protocol/dpop-nonces';
import { ClientJwks } from './protocol/client-jwks';
import { PushedAuthorizationController } from './par/pushed-authorization.controller';
import { PushedAuthorizationService } from './par/pushed-authorization.service';
import { PushedRequests } from './par/pushed-requests';
import { ResourceController } from './resource/resource.controller';
import { ResourceService } from './resource/resource.service';
import { TokenRevocationEndpointService } from './revocation/token-revocation-endpoint.service';
import { TokenEndpointService } from './token/token-endpoint.service';
import { TokenManagementController } from './token/token-management.controller';
import { TokenController } from './token/token.controller';
import { AccessTokenEntity } from './tokens/access-token.entity';
import { AccessTokenIssuer } from './tokens/access-token.issuer';
import { AccessTokenRepository } from './tokens/access-token.repository';
import { AccessTokenVerifier } from './tokens/access-token.verifier';
import { ActiveAccessTokens } from './tokens/active-access-tokens';
import { OwnerOnlyAccessTokens } from './tokens/owner-only-token.issuer';
import { RefreshTokenEntity } from './tokens/refresh-token.entity';
import { RefreshTokenRepository } from './tokens/refresh-token.repository';
import { RefreshTokenService } from './tokens/refresh-token.service';
import { TokenPurgeJob } from './tokens/token-purge.job';
import { TokenRevocation } from './tokens/token-revocation.service';

/**
 * OAuth 2.0 (DESIGN §2): authorization code with PKCE, refresh with rotation, client credentials, the
 * resources, revocation, introspection, metadata and keys, MediaWiki's REST client self-service, and the
 * bearer authentication of the JSON API. Its token services are exported for the gateway; protocols built over it
 * (OpenID Connect) hook in through `Oauth2Extensions`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AccessTokenEntity,
      RefreshTokenEntity,
      CodeRedemptionEntity,
      SigningKeyEntity,
      SigningKeyEventEntity,
    ]),
    ConsumersModule,
    GrantsModule,
    IdentityModule,
    DynamicRegistrationModule,
    ClientMetadataModule,
  ],
  controllers: [
    AuthorizeController,
    TokenController,
    TokenManagementController,
    PushedAuthorizationController,
    ResourceController,
    MetadataController,
    ProtectedResourceMetadataController,
    JwksController,
    ClientRegistrationController,
    DeviceAuthorizationController,
  ],
  providers: [
    Oauth2Extensions,
    AuthorizationServerMetadata,
    ProtectedResources,
    SigningKeys,
    SigningKeyRepository,
    SigningKeyStore,
    SigningKeyRotation,
    AccessTokenRepository,
    RefreshTokenRepository,
    AccessTokenIssuer,
    AccessTokenVerifier,
    ActiveAccessTokens,
    RefreshTokenService,
    TokenRevocation,
    TokenPurgeJob,
    OwnerOnlyAccessTokens,
    AuthorizationCodeStore,
    CodeRedemptionRepository,
    Oauth2AuthorizationService,
    ClientAuthThrottle,
    ClientAuthenticator,
    ClientJwks,
    PushedRequests,
    PushedAuthorizationService,
    AuthorizationState,
    CurrentAuthorization,
    TokenPairService,
    AuthorizationCodeGrant,
    RefreshTokenGrant,
    ClientCredentialsGrant,
    DeviceCodeGrant,
    TokenExchangeGrant,
    {
      provide: TOKEN_GRANTS,
      useFactory: (...grants: unknown[]) => grants,
      inject: [AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant, DeviceCodeGrant, TokenExchangeGrant],
    },
    TokenEndpointService,
    TokenRevocationEndpointService,
    TokenIntrospectionService,
    BearerResourceAccess,
    ResourceService,
    BearerAuthenticator,
    ClientRegistrationService,
    Oauth2Consent,
    DeviceAuthorizationStore,
    DeviceAuthorizationService,
    UserCodeThrottle,
    DeviceVerificationService,
    DpopNonces,
    DpopProofCheck,
    SenderConstraint,
  ],
  exports: [
    Oauth2Extensions,
    AuthorizationServerMetadata,
    BearerResourceAccess,
    SigningKeys,
    SigningKeyRotation,
    AccessTokenVerifier,
    ActiveAccessTokens,
    AuthorizationState,
    TokenIntrospectionService,
    TokenEndpointService,
    TokenRevocation,
    DeviceVerificationService,
    DpopNonces,
    SenderConstraint,
    ProtectedResources,
  ],
})
export class OAuth2Module implements OnModuleInit {
  constructor(
    private readonly registry: AuthenticatorRegistry,
    private readonly bearer: BearerAuthenticator,
    private readonly ownerOnlyTokens: OwnerOnlyTokens,
    private readonly ownerOnlyAccessTokens: OwnerOnlyAccessTokens,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.bearer);
    this.ownerOnlyTokens.register(this.ownerOnlyAccessTokens);
  }
}
