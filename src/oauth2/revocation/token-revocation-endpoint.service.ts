import { Injectable, Logger } from '@nestjs/common';
import { DocumentClients } from '../client-metadata/document-clients';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { assertForm, parameter } from '../protocol/protocol-parameters';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { type AccessTokenClaims, AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
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
    private readonly documentClients: DocumentClients,
  ) {}

  async revoke(request: ProtocolRequest): Promise<void> {
    assertForm(request);
    // The tokens a client may revoke are its own, whose user is the one it acts for (its owner's, for a proposal).
    const { consumer } = await this.clients.authenticate(request, { actor: 'someone' });
    const token = parameter(request, 'token', 'body');
    if (token === undefined) {
      throw new Oauth2Error('invalid_request', 'The token parameter is required');
    }
    if (token.includes('.')) {
      const claims = claimsOrNone(() => this.accessTokens.claims(token, { ignoreTime: true }));
      // A token names its client as the client knows itself: by key, or by its metadata document's URL.
      const own = claims?.clientKey === (await this.documentClients.clientIdOf(consumer));
      if (claims && own && (await this.revocation.revokeAccessToken(claims.jti))) {
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

/** The claims of a token of ours; undefined for anything else (RFC 7009 §2.2: an invalid token is not an error). */
function claimsOrNone(read: () => AccessTokenClaims): AccessTokenClaims | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof AccessTokenRejected) {
      return undefined;
    }
    throw error;
  }
}
