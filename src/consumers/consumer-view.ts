import type { AuthContext } from '../common/auth/auth-context';
import type { Consumer } from './consumer';
import { maySeePrivateFields } from './consumer-guards';
import { stageName } from './consumer-stage';
import type { ConsumerDto } from './dto/consumer.dto';

/** Builds what `auth` may see of a consumer; never the stored secret. */
export function viewConsumer(consumer: Consumer, ownerName: string, auth: AuthContext | undefined): ConsumerDto {
  const view: ConsumerDto = {
    consumerKey: consumer.key,
    name: consumer.name,
    version: consumer.version,
    description: consumer.description,
    oauthVersion: consumer.oauthVersion,
    stage: stageName(consumer.stage),
    stageTimestamp: consumer.stageTimestamp.toISOString(),
    ownerOnly: consumer.ownerOnly,
    grants: consumer.grants,
    callbackUrl: consumer.callbackUrl,
    callbackIsPrefix: consumer.callbackIsPrefix,
    wiki: consumer.wiki,
    registeredAt: consumer.registeredAt.toISOString(),
    owner: { id: consumer.ownerId, name: ownerName },
    suppressed: consumer.suppressed,
    configurationBased: consumer.configurationBased,
    rsaKey: consumer.rsaKey,
  };
  if (consumer.oauthVersion === 2) {
    view.oauth2IsConfidential = consumer.oauth2IsConfidential;
    view.oauth2GrantTypes = consumer.oauth2GrantTypes;
    // Shown to whoever sees the callback URL: like it, they are where the consumer receives people and logouts.
    view.postLogoutRedirectUris = consumer.postLogoutRedirectUris;
    view.backchannelLogoutUri = consumer.backchannelLogoutUri;
    view.dpopBoundAccessTokens = consumer.dpopBoundAccessTokens;
    // Public keys and their address: what reviewers check and what the client's peers may verify anyway.
    view.tokenEndpointAuthMethod = consumer.tokenEndpointAuthMethod;
    view.jwks = consumer.jwks as Record<string, unknown> | null;
    view.jwksUri = consumer.jwksUri;
    view.requirePushedAuthorizationRequests = consumer.requirePushedAuthorizationRequests;
    // Public like the grants: what the client may reach is part of what a user is asked to trust it with.
    view.resources = consumer.resources;
  }
  if (maySeePrivateFields(consumer, auth)) {
    view.email = consumer.email;
    view.restrictions = { ipAddresses: consumer.restrictions.ipAddresses };
  }
  return view;
}
