import { type Consumer, DEFAULT_RESTRICTIONS, type TokenEndpointAuthMethod } from './consumer';
import type { ConsumerEntity } from './consumer.entity';

export function toConsumer(row: ConsumerEntity): Consumer {
  return {
    id: row.id,
    key: row.consumerKey,
    name: row.name,
    version: row.version,
    ownerId: row.ownerId,
    callbackUrl: row.callbackUrl,
    callbackIsPrefix: row.callbackIsPrefix,
    description: row.description,
    email: row.email,
    ownerOnly: row.ownerOnly,
    wiki: row.wiki,
    grants: row.grants,
    registeredAt: row.registration,
    secretKey: row.secretKey,
    rsaKey: row.rsaKey || null,
    restrictions: { ipAddresses: row.restrictions.IPAddresses ?? DEFAULT_RESTRICTIONS.ipAddresses },
    stage: row.stage,
    stageTimestamp: row.stageTimestamp,
    suppressed: row.deleted,
    oauthVersion: row.oauthVersion,
    oauth2GrantTypes: row.oauth2GrantTypes ?? [],
    oauth2IsConfidential: row.oauth2IsConfidential,
    configurationBased: false,
    skipAuthorization: false,
    postLogoutRedirectUris: row.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: row.backchannelLogoutUri,
    dpopBoundAccessTokens: row.dpopBoundAccessTokens,
    tokenEndpointAuthMethod: (row.tokenEndpointAuthMethod ??
      (row.oauth2IsConfidential ? 'client_secret_basic' : 'none')) as TokenEndpointAuthMethod,
    jwks: row.jwks,
    jwksUri: row.jwksUri,
    requirePushedAuthorizationRequests: row.requirePushedAuthorizationRequests,
    resources: row.resources ?? [],
    changeCounter: row.changeCounter,
  };
}
