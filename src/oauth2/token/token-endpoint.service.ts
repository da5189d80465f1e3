import { Inject, Injectable } from '@nestjs/common';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { DoorLimits } from '../../common/rate-limits/door-limits';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OAUTH2_GRANT_TYPES } from '../../config/env/oauth2.env';
import { TOKEN_GRANTS, type TokenGrant, type TokenResponse } from '../grants/token-grant';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { DpopProofCheck, DpopProofRefused } from '../protocol/check-dpop-proof';
import { isCountedRefusal } from '../protocol/counted-refusal';
import { DpopNonces } from '../protocol/dpop-nonces';
import { assertForm, parameter } from '../protocol/protocol-parameters';

/**
 * `/oauth2/access_token` (RFC 6749 §3.2; reference §5.3): a form, an authenticated client, a grant type that is
 * both enabled here and allowed for the client (attack case 16), then the grant's handler. A DPoP proof (RFC 9449 §5)
 * is checked here, once, before the grant runs; its key reaches the grant as `senderKey` of the client, which the
 * token issuers require, and the answer's `token_type` is `DPoP`. Refused requests count against the caller's
 * address (`RATE_LIMIT_TOKEN`); good ones cost no I/O for it, since the bare doors of the gateway serve this too.
 */
@Injectable()
export class TokenEndpointService {
  constructor(
    private readonly clients: ClientAuthenticator,
    @Inject(TOKEN_GRANTS) private readonly grants: TokenGrant[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proofs: DpopProofCheck,
    private readonly nonces: DpopNonces,
    private readonly limits: DoorLimits,
  ) {}

  exchange(request: ProtocolRequest): Promise<TokenResponse> {
    return this.limits.limitRefusals('token', request.ip, () => this.issue(request), isCountedRefusal);
  }

  private async issue(request: ProtocolRequest): Promise<TokenResponse> {
    assertForm(request);
    const type = parameter(request, 'grant_type', 'body');
    if (type === undefined) {
      throw new Oauth2Error('invalid_request', 'The grant_type parameter is required');
    }
    const grant = this.grants.find((candidate) => candidate.type === type);
    if (!grant || !(OAUTH2_GRANT_TYPES as readonly string[]).includes(type)) {
      throw new Oauth2Error('unsupported_grant_type', `The grant type ${type} is not supported`);
    }
    // A disabled, rejected or expired client, or one calling from outside its IP ranges, gets nothing and spends
    // no code or refresh token (MediaWiki: 401); the grant checks again for the user it turns out to act for.
    const client = await this.clients.authenticate(request, { actor: 'someone' });
    if (!this.config.oauth2.enabledGrantTypes.includes(grant.type)) {
      throw new Oauth2Error('unsupported_grant_type', `The grant type ${type} is disabled on this server`);
    }
    if (!client.consumer.oauth2GrantTypes.includes(grant.type)) {
      throw new Oauth2Error('unauthorized_client', `The client may not use the grant type ${type}`);
    }
    const senderKey = await this.senderKey(request, client.consumer.dpopBoundAccessTokens);
    const response = await grant.exchange(request, { ...client, senderKey });
    return senderKey === undefined ? response : { ...response, token_type: 'DPoP' };
  }

  /** The thumbprint of the proof's key (RFC 9449 §5); undefined without a proof, or while DPoP is off. */
  private async senderKey(request: ProtocolRequest, required: boolean): Promise<string | undefined> {
    const proof = this.config.oauth2.dpop.enabled ? request.header('dpop') : undefined;
    if (proof === undefined) {
      if (required) {
        // RFC 9449 §5.2: a client registered with dpop_bound_access_tokens gets no token without a proof, nor a
        // bearer token while DPoP is off here.
        throw new Oauth2Error(
          'invalid_dpop_proof',
          this.config.oauth2.dpop.enabled ? 'This client must send a DPoP proof' : 'DPoP is off on this server',
        );
      }
      return undefined;
    }
    try {
      const verified = await this.proofs.check({
        proof,
        method: 'POST',
        uri: `${this.config.http.publicUrl}${request.path}`,
      });
      return verified.jkt;
    } catch (error) {
      if (error instanceof DpopProofRefused) {
        // RFC 9449 §8: the nonce to use comes with the refusal.
        throw new Oauth2Error(error.code, error.message, { headers: this.nonces.headers() });
      }
      throw error;
    }
  }
}
