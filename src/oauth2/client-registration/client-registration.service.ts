import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { ConsumerLifecycleService } from '../../consumers/consumer-lifecycle.service';
import { ConsumerRegistrationService } from '../../consumers/consumer-registration.service';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import type { Consumer } from '../../consumers/consumer';
import type {
  ClientCredentialsDto,
  ClientListDto,
  ClientSummaryDto,
  ListClientsQueryDto,
  RegisterClientDto,
} from './client-registration.dto';

/** MediaWiki's REST client self-service (reference §5.7) over the consumer registry. */
@Injectable()
export class ClientRegistrationService {
  constructor(
    private readonly registration: ConsumerRegistrationService,
    private readonly lifecycle: ConsumerLifecycleService,
    private readonly query: ConsumerQueryService,
  ) {}

  async register(auth: AuthContext, dto: RegisterClientDto): Promise<ClientCredentialsDto> {
    const result = await this.registration.propose(auth, {
      oauthVersion: 2,
      name: dto.name,
      version: dto.version ?? '1.0',
      description: dto.description,
      wiki: dto.wiki,
      ownerOnly: dto.owner_only ?? false,
      callbackUrl: dto.callback_url || undefined,
      email: dto.email,
      oauth2IsConfidential: dto.is_confidential,
      oauth2GrantTypes: dto.grant_types,
      grants: dto.scopes,
      postLogoutRedirectUris: dto.post_logout_redirect_uris,
      backchannelLogoutUri: dto.backchannel_logout_uri || undefined,
      dpopBoundAccessTokens: dto.dpop_bound_access_tokens,
      tokenEndpointAuthMethod: dto.token_endpoint_auth_method,
      jwks: dto.jwks,
      jwksUri: dto.jwks_uri || undefined,
      requirePushedAuthorizationRequests: dto.require_pushed_authorization_requests,
      failOnWarnings: true,
    });
    // RFC 7591 §3.2.1: the answer to a registration holds the metadata as registered (a URI left out when none).
    return {
      ...credentials(result),
      post_logout_redirect_uris: result.consumer.postLogoutRedirectUris,
      backchannel_logout_uri: result.consumer.backchannelLogoutUri ?? undefined,
      // Like the URIs: said when registered, left out when off.
      dpop_bound_access_tokens: result.consumer.dpopBoundAccessTokens || undefined,
      ...clientKeys(result.consumer),
    };
  }

  async list(auth: AuthContext, query: ListClientsQueryDto): Promise<ClientListDto> {
    const page = await this.query.ownerPage(
      auth,
      query.oauth_version === '1' ? 1 : 2,
      query.offset ?? 0,
      query.limit ?? 25,
    );
    return { clients: page.consumers.map(summary), total: page.total };
  }

  async resetSecret(auth: AuthContext, key: string, reason: string | undefined): Promise<ClientCredentialsDto> {
    return credentials(await this.lifecycle.update(auth, key, { resetSecret: true, reason }));
  }
}

/** MediaWiki's answer: the secret shown once, plus the long-lived token of an owner-only client (reference §5.7). */
function credentials(result: { consumer: Consumer; secret?: string; accessToken?: string }): ClientCredentialsDto {
  return {
    name: result.consumer.name,
    client_key: result.consumer.key,
    secret: result.secret,
    access_token: result.consumer.oauthVersion === 2 ? result.accessToken : undefined,
  };
}

function summary(consumer: Consumer): ClientSummaryDto {
  return {
    name: consumer.name,
    version: consumer.version,
    callback_url: consumer.callbackUrl,
    description: consumer.description,
    client_key: consumer.key,
    owner_only: consumer.ownerOnly,
    email: consumer.email,
    stage: consumer.stage,
    oauth_version: consumer.oauthVersion,
    registration_formatted: consumer.registeredAt.toISOString(),
    allowed_grants: consumer.oauthVersion === 2 ? consumer.oauth2GrantTypes : undefined,
    post_logout_redirect_uris: consumer.oauthVersion === 2 ? consumer.postLogoutRedirectUris : undefined,
    backchannel_logout_uri: consumer.backchannelLogoutUri ?? undefined,
    dpop_bound_access_tokens: consumer.oauthVersion === 2 ? consumer.dpopBoundAccessTokens : undefined,
    ...(consumer.oauthVersion === 2 ? clientKeys(consumer) : {}),
    scopes: consumer.grants,
    configuration_based: consumer.configurationBased || undefined,
  };
}

/** RFC 7591 §2 and RFC 9126 §6 metadata of how the client authenticates and sends its requests. */
function clientKeys(consumer: Consumer): Partial<ClientSummaryDto> {
  return {
    token_endpoint_auth_method: consumer.tokenEndpointAuthMethod,
    jwks: (consumer.jwks as Record<string, unknown> | null) ?? undefined,
    jwks_uri: consumer.jwksUri ?? undefined,
    require_pushed_authorization_requests: consumer.requirePushedAuthorizationRequests,
  };
}
