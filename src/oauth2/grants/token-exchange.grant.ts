import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { AcceptanceService } from '../../grants/acceptance.service';
import { TOKEN_EXCHANGE_GRANT } from '../../grants/grant-definition';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { parseScope } from '../protocol/scope';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { type ActiveAccessToken, AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { CurrentAuthorization } from './current-authorization';
import type { TokenClient, TokenGrant, TokenResponse } from './token-grant';
import { ACCESS_TOKEN_TYPE, actorClaim, exchangedScopes } from './token-exchange-delegation';
import { TOKEN_EXCHANGE_GRANT_TYPE } from '../../config/env/oauth2.env';

/**
 * Token exchange (RFC 8693; issue 14 item 5): an approved confidential client holding the `token-exchange` grant
 * trades a user's access token, issued to another client, for one whose audience is itself, acting for the same user.
 *
 * "The user's authorization" is the user's authorization of the requesting client, and it must include
 * `token-exchange`: in MediaWiki a client acts for a user only under that user's acceptance of that client
 * (reference §1.2, §6.3), and the subject token's client was never asked whether its tokens may be passed on. So a
 * service is authorized once by each user, like any app, with the consent page naming the exchange; from then on
 * it may act on the tokens the user's other apps send it, with no more than all three allow. The result rests on
 * that authorization: revoking it, or the subject token's grant (its family), ends the exchanged token too.
 * Owner-only clients cannot take part: the grant needs review, and they may use client credentials only (§3).
 */
@Injectable()
export class TokenExchangeGrant implements TokenGrant {
  readonly type = TOKEN_EXCHANGE_GRANT_TYPE;
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly acceptances: AcceptanceService,
    private readonly authorization: CurrentAuthorization,
    private readonly accessTokens: AccessTokenIssuer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async exchange(request: ProtocolRequest, { consumer, method, senderKey }: TokenClient): Promise<TokenResponse> {
    // RFC 8693 §2.1 requires client authentication only where the client has credentials; a public client here
    // would be anyone holding a token, acting as a service.
    if (method === 'none') {
      throw new Oauth2Error('unauthorized_client', 'Public clients cannot exchange tokens');
    }
    if (!consumer.grants.includes(TOKEN_EXCHANGE_GRANT)) {
      throw new Oauth2Error('unauthorized_client', `The client was not granted ${TOKEN_EXCHANGE_GRANT}`);
    }
    const subjectToken = readExchangeRequest(request, consumer);
    const requested = parseScope(parameter(request, 'scope', 'body'));
    const subject = await this.subject(subjectToken, consumer);
    const userId = subject.claims.userId as number;
    const accepted = await this.acceptances.find(userId, consumer.id, consumer.wiki);
    if (!accepted?.grants.includes(TOKEN_EXCHANGE_GRANT)) {
      // RFC 8693 §2.2.2: a subject token "unacceptable based on policy" is an invalid_request.
      throw new Oauth2Error('invalid_request', `The user has not authorized ${consumer.key} to exchange tokens`);
    }
    const acceptance = await this.authorization.require(consumer, userId, accepted.id, request.ip);
    const scopes = exchangedScopes({
      subjectScopes: subject.grants,
      clientGrants: consumer.grants,
      authorizedGrants: acceptance.grants,
      requested,
      withheld: [TOKEN_EXCHANGE_GRANT],
    });
    // Never longer than the subject token: the exchanged token is a narrower view of it, not a renewal. No refresh
    // token either (RFC 8693 §2.2.1 makes it optional): one would outlive the subject token's grant, while the
    // client can simply exchange the next token it is sent.
    const remaining = subject.claims.expiresAt - Math.floor(Date.now() / 1000);
    const access = await this.accessTokens.issue({
      consumer,
      userId,
      acceptanceId: acceptance.id,
      scopes,
      grantType: this.type,
      familyId: subject.familyId,
      ttlSeconds: Math.min(this.config.oauth2.accessTokenTtl, remaining),
      actor: actorClaim(consumer.key, subject.claims.actor),
      // RFC 9449 §5: a proof with the exchange binds the new token to the exchanging client's key.
      senderKey,
    });
    this.audit.log(
      {
        action: 'token-exchange',
        consumer: consumer.key,
        subjectConsumer: subject.claims.clientKey,
        userId,
        acceptanceId: acceptance.id,
        subjectJti: subject.claims.jti,
        jti: access.jti,
        scope: scopes.join(' '),
      },
      'access token exchanged',
    );
    return {
      access_token: access.token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: scopes.join(' '),
    };
  }

  /**
   * The subject token, active now (signature, times, not revoked, its client, authorization and user still good),
   * acting for a user, and issued to another client. RFC 8693 §2.2.2: any subject token that is invalid "for any
   * reason, or unacceptable based on policy" MUST be answered `invalid_request`, not RFC 6749's `invalid_grant`.
   */
  private async subject(token: string, consumer: Consumer): Promise<ActiveAccessToken> {
    let subject: ActiveAccessToken;
    try {
      subject = await this.verifier.check(token);
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        throw new Oauth2Error('invalid_request', `The subject_token is not active: ${error.message}`);
      }
      throw error;
    }
    if (subject.claims.userId === undefined) {
      throw new Oauth2Error('invalid_request', 'The subject_token acts for no user');
    }
    if (subject.claims.clientKey === consumer.key) {
      // Nothing to exchange: the client already holds this token, and a copy would only add an `act` naming itself.
      throw new Oauth2Error('invalid_request', 'The subject_token was issued to this client; use it as it is');
    }
    return subject;
  }
}

/**
 * The exchange parameters of RFC 8693 §2.1 other than `scope`; answers the subject token. Only access tokens are
 * exchanged and issued; an `actor_token` is refused, since the actor here is the authenticated client itself, named
 * in `act` (§4.1), and delegation to a third party is not offered (§2.2.2 "unacceptable based on policy"). Every
 * token issued here is for the requesting client, so an `audience` naming anyone else, or any `resource`
 * (resource indicators are not served), is `invalid_target` (§2.2.2).
 */
function readExchangeRequest(request: ProtocolRequest, consumer: Consumer): string {
  const subjectToken = parameter(request, 'subject_token', 'body');
  const subjectTokenType = parameter(request, 'subject_token_type', 'body');
  if (subjectToken === undefined || subjectTokenType === undefined) {
    throw new Oauth2Error('invalid_request', 'The subject_token and subject_token_type parameters are required');
  }
  if (subjectTokenType !== ACCESS_TOKEN_TYPE) {
    throw new Oauth2Error('invalid_request', `Only subject tokens of type ${ACCESS_TOKEN_TYPE} are exchanged`);
  }
  const requestedType = parameter(request, 'requested_token_type', 'body');
  if (requestedType !== undefined && requestedType !== ACCESS_TOKEN_TYPE) {
    throw new Oauth2Error('invalid_request', `Only tokens of type ${ACCESS_TOKEN_TYPE} are issued`);
  }
  if (parameter(request, 'actor_token', 'body') !== undefined) {
    throw new Oauth2Error('invalid_request', 'actor_token is not supported: the authenticated client is the actor');
  }
  if (parameter(request, 'actor_token_type', 'body') !== undefined) {
    throw new Oauth2Error('invalid_request', 'actor_token_type is only allowed with an actor_token');
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (body.resource !== undefined) {
    throw new Oauth2Error('invalid_target', 'Exchanged tokens are for the requesting client; resource is not served');
  }
  // `audience` may be repeated (§2.1); each one must be the requesting client.
  const audiences = [body.audience].flat().filter((value) => value !== undefined && value !== '');
  if (audiences.some((audience) => audience !== consumer.key)) {
    throw new Oauth2Error('invalid_target', 'An exchanged token can only be for the requesting client itself');
  }
  return subjectToken;
}
