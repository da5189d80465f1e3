import { Injectable, Logger } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { assertForm, parameter } from '../protocol/protocol-parameters';
import { AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import { TokenRevocation } from '../tokens/token-revocation.service';

/**
 * RFC 7009 (attack case 18): the client revokes one of its own tokens. A refresh token takes its whole family
 * (and those access tokens) with it; another client's token, or an unknown one, is left alone and still 200,
 * so nothing can be learnt by probing.
 */
@Injectable()
export class TokenRevocationEndpointService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: TokenRevocation,
  ) {}

  async revoke(request: AppRequest): Promise<void> {
    assertForm(request);
    const { consumer } = await this.clients.authenticate(request);
    const token = parameter(request, 'token', 'body');
    if (token === undefined) {
      throw new Oauth2Error('invalid_request', 'The token parameter is required');
    }
    if (token.includes('.')) {
      const claims = await this.accessTokens.claims(token, { ignoreTime: true }).catch((error: unknown) => {
        if (error instanceof AccessTokenRejected) {
          return undefined;
        }
        throw error;
      });
      if (claims?.clientKey === consumer.key && (await this.revocation.revokeAccessToken(claims.jti))) {
        this.audit.log({ action: 'revoke-token', consumer: consumer.key, jti: claims.jti }, 'access token revoked');
      }
      return;
    }
    const record = await this.refreshTokens.lookup(token);
    if (record?.consumerId === consumer.id) {
      await this.revocation.revokeFamily(record.familyId);
      this.audit.log({ action: 'revoke-token', consumer: consumer.key, familyId: record.familyId }, 'grant revoked');
    }
  }
}
