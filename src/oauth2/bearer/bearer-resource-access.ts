import { Inject, Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { Oauth2Error } from '../oauth2-error';
import { type ActiveAccessToken, AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { SenderConstraint, SenderRefused } from './sender-constraint';

/**
 * The access check of every bearer-protected resource (MediaWiki's resources, OpenID Connect's UserInfo): the token
 * of `Authorization: Bearer` (RFC 6750 §2.1), or of `Authorization: DPoP` with a proof for this request when the
 * token is DPoP-bound (RFC 9449 §7.1), active now, of a consumer usable from the caller's address. Failures are
 * RFC 6750 §3 challenges, or RFC 9449 §7.1's `DPoP` ones when the sender constraint fails.
 */
@Injectable()
export class BearerResourceAccess {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly senders: SenderConstraint,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(request: AppRequest): Promise<ActiveAccessToken> {
    const authorization = request.header('authorization');
    const presented = this.senders.presented(authorization);
    if (presented === undefined) {
      const offered = this.senders.offersToken(authorization);
      const description = offered ? 'Invalid access token' : 'Missing "Authorization" header';
      throw new Oauth2Error('invalid_token', description, {
        headers: offered ? bearerChallenge('invalid_token', description) : { 'WWW-Authenticate': REALM },
      });
    }
    let active: ActiveAccessToken;
    try {
      active = await this.verifier.checkForThisServer(presented.token);
      await this.senders.confirm(presented, active.claims.boundKey, {
        proof: request.headers.dpop,
        method: request.method,
        // RFC 9449 §4.3 point 9: the URI the client addressed, this server's public one behind a proxy.
        uri: `${this.config.http.publicUrl}${request.path}`,
      });
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        throw new Oauth2Error('invalid_token', error.message, {
          headers: bearerChallenge('invalid_token', error.message),
        });
      }
      if (error instanceof SenderRefused) {
        throw new Oauth2Error(error.code, error.message, { status: 401, headers: this.senders.challenge(error) });
      }
      throw error;
    }
    const refusal = checkConsumerAccess(active.consumer, { userId: active.claims.userId }, request.ip);
    if (refusal === 'address') {
      // RFC 6750 §3.1: the token is good, but not for a request from here, as the gateway answers (DESIGN §11).
      throw insufficientScope('The request came from an IP address this app may not be used from');
    }
    if (refusal) {
      const description = 'The app behind this token is not usable';
      throw new Oauth2Error('invalid_token', description, { headers: bearerChallenge('invalid_token', description) });
    }
    return active;
  }
}

const REALM = 'Bearer realm="OAuth"';

/** RFC 6750 §3.1's 403: the token is good but may not do this. */
export function insufficientScope(description: string): Oauth2Error {
  return new Oauth2Error('insufficient_scope', description, {
    status: 403,
    headers: bearerChallenge('insufficient_scope', description),
  });
}

export function bearerChallenge(error: string, description: string): Record<string, string> {
  return {
    'WWW-Authenticate': `${REALM}, error="${error}", error_description="${description.replace(/["\\]/g, '')}"`,
  };
}
