import { Injectable } from '@nestjs/common';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { AcceptanceService } from '../../grants/acceptance.service';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import { parseScope } from '../protocol/scope';
import { requestedResource } from '../resources/resource-indicator';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { CurrentAuthorization } from './current-authorization';
import type { TokenClient, TokenGrant, TokenResponse } from './token-grant';

/**
 * `client_credentials` (RFC 6749 §4.4; reference §5.3), confidential clients only. A shared client's token acts
 * for nobody (empty `sub`, no authorization); an owner-only client's acts for its owner under the owner's
 * authorization. No refresh token.
 */
@Injectable()
export class ClientCredentialsGrant implements TokenGrant {
  readonly type = 'client_credentials' as const;

  constructor(
    private readonly acceptances: AcceptanceService,
    private readonly authorization: CurrentAuthorization,
    private readonly accessTokens: AccessTokenIssuer,
  ) {}

  async exchange(request: ProtocolRequest, { consumer, method, senderKey }: TokenClient): Promise<TokenResponse> {
    if (method === 'none') {
      throw new Oauth2Error('unauthorized_client', 'Public clients cannot use client_credentials');
    }
    const requested = parseScope(parameter(request, 'scope', 'body'));
    const unknown = requested?.filter((scope) => !consumer.grants.includes(scope)) ?? [];
    if (unknown.length > 0) {
      throw new Oauth2Error('invalid_scope', `The client was not granted: ${unknown.join(' ')}`);
    }
    const resource = requestedResource(request, 'body', consumer);
    let scopes = requested ?? consumer.grants;
    let userId: number | undefined;
    let acceptanceId = 0;
    if (consumer.ownerOnly) {
      const acceptance = await this.acceptances.find(consumer.ownerId, consumer.id, consumer.wiki);
      await this.authorization.require(consumer, consumer.ownerId, acceptance?.id ?? 0, request.ip);
      scopes = scopes.filter((scope) => acceptance?.grants.includes(scope));
      userId = consumer.ownerId;
      acceptanceId = acceptance?.id ?? 0;
    } else if (checkConsumerAccess(consumer, 'itself', request.ip)) {
      // A shared client acts for nobody here: a proposal, which only its owner may use, gets no token.
      throw new Oauth2Error('invalid_client', `Client ${consumer.key} is not usable`);
    }
    const access = await this.accessTokens.issue({
      consumer,
      userId,
      acceptanceId,
      scopes,
      grantType: this.type,
      familyId: null,
      senderKey,
      resource,
    });
    return { token_type: 'Bearer', expires_in: access.expiresIn, access_token: access.token, scope: scopes.join(' ') };
  }
}
