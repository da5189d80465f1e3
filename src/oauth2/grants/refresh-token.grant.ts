import { Injectable } from '@nestjs/common';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import { parseScope } from '../protocol/scope';
import { requestedResource } from '../resources/resource-indicator';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { CurrentAuthorization } from './current-authorization';
import type { TokenClient, TokenGrant, TokenResponse } from './token-grant';
import { TokenPairService } from './token-pair.service';

/**
 * `refresh_token` (RFC 6749 §6; reference §5.3): rotation on every use, the previous access token revoked with it,
 * scopes only ever narrowed (attack case 15) and cut to what the user still allows; the resource never widened (RFC
 * 8707 §2.2).
 */
@Injectable()
export class RefreshTokenGrant implements TokenGrant {
  readonly type = 'refresh_token' as const;

  constructor(
    private readonly refreshTokens: RefreshTokenService,
    private readonly authorization: CurrentAuthorization,
    private readonly tokens: TokenPairService,
  ) {}

  async exchange(request: ProtocolRequest, { consumer, senderKey }: TokenClient): Promise<TokenResponse> {
    const value = parameter(request, 'refresh_token', 'body');
    if (value === undefined) {
      throw new Oauth2Error('invalid_request', 'The refresh_token parameter is required');
    }
    const requested = parseScope(parameter(request, 'scope', 'body'));
    const resource = requestedResource(request, 'body', consumer);
    const record = await this.refreshTokens.redeemable(value, consumer, requested, senderKey, resource);
    if (record.userId === null) {
      throw new Oauth2Error('invalid_grant', 'The refresh token is invalid');
    }
    const acceptance = await this.authorization.require(consumer, record.userId, record.acceptanceId, request.ip);
    return this.tokens.rotate(
      {
        consumer,
        userId: record.userId,
        acceptanceId: acceptance.id,
        scopes: (requested ?? record.scopes).filter((scope) => acceptance.grants.includes(scope)),
        familyId: record.familyId,
        grantType: this.type,
        senderKey,
        resource: record.resource ?? undefined,
      },
      record,
    );
  }
}
