import { Injectable } from '@nestjs/common';
import { tokenRedirectUriMatches } from '../../consumers/callbacks/callback-match';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { type AuthorizationCode, AuthorizationCodeStore } from '../authorize/authorization-code.store';
import { isPkceValue, verifierMatches } from '../authorize/pkce';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import { grantedResource, requestedResource } from '../resources/resource-indicator';
import { CurrentAuthorization } from './current-authorization';
import type { TokenClient, TokenGrant, TokenResponse } from './token-grant';
import { TokenPairService, type UserGrant } from './token-pair.service';

/**
 * `authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6; reference §5.3): the code must match the client, the redirect
 * URI and the PKCE verifier; a verifier for a code issued without a challenge is a downgrade attempt (attack case 4);
 * a code bound with `dpop_jkt` needs a proof by that key (RFC 9449 §10). The scopes are cut to what the user still
 * allows. A refused exchange spends the code as well (one guess at its verifier); an exchange that fails for any other
 * reason (a crash, the database away, read-only maintenance) leaves it for the client's retry, as it is spent only in
 * the transaction that stores its tokens (issue 24).
 */
@Injectable()
export class AuthorizationCodeGrant implements TokenGrant {
  readonly type = 'authorization_code' as const;

  constructor(
    private readonly codes: AuthorizationCodeStore,
    private readonly authorization: CurrentAuthorization,
    private readonly tokens: TokenPairService,
  ) {}

  async exchange(request: ProtocolRequest, client: TokenClient): Promise<TokenResponse> {
    const value = parameter(request, 'code', 'body');
    if (value === undefined) {
      throw new Oauth2Error('invalid_request', 'The code parameter is required');
    }
    const { code, familyId } = await this.codes.read(value);
    let grant: UserGrant;
    try {
      grant = await this.granted(request, client, code, familyId);
    } catch (error) {
      if (error instanceof Oauth2Error && error.error !== 'temporarily_unavailable') {
        await this.codes.spend(familyId);
      }
      throw error;
    }
    return this.tokens.issue(grant, code.carried, (refreshTokenInsert) =>
      this.codes.spend(familyId, refreshTokenInsert),
    );
  }

  /** What the code grants this request, or the Oauth2Error that refuses it. */
  private async granted(
    request: ProtocolRequest,
    { consumer, senderKey }: TokenClient,
    code: AuthorizationCode,
    familyId: string,
  ): Promise<UserGrant> {
    const redirectUri = parameter(request, 'redirect_uri', 'body');
    const verifier = parameter(request, 'code_verifier', 'body');
    const resource = grantedResource(code.resource, requestedResource(request, 'body', consumer));
    if (code.clientKey !== consumer.key) {
      throw new Oauth2Error('invalid_grant', 'The authorization code was issued to another client');
    }
    if (!tokenRedirectUriMatches(code, redirectUri)) {
      throw new Oauth2Error('invalid_grant', 'The redirect_uri differs from the one of the authorization request');
    }
    if (!code.codeChallenge) {
      if (verifier !== undefined) {
        throw new Oauth2Error('invalid_grant', 'A code_verifier was sent for a code issued without a code_challenge');
      }
    } else if (verifier === undefined || !isPkceValue(verifier)) {
      throw new Oauth2Error('invalid_grant', 'The code_verifier is missing or malformed');
    } else if (!verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod ?? 'S256')) {
      throw new Oauth2Error('invalid_grant', 'Failed to verify the code_verifier');
    }
    if (code.dpopJkt !== undefined && code.dpopJkt !== senderKey) {
      // RFC 9449 §10: the code was bound to a key at the authorization request; a proof by it must come with it.
      throw new Oauth2Error('invalid_grant', 'The authorization code is bound to another DPoP key (dpop_jkt)');
    }
    const acceptance = await this.authorization.require(consumer, code.userId, code.acceptanceId, request.ip);
    return {
      consumer,
      userId: code.userId,
      acceptanceId: acceptance.id,
      scopes: code.scopes.filter((scope) => acceptance.grants.includes(scope)),
      familyId,
      grantType: this.type,
      senderKey,
      resource,
    };
  }
}
