import { Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { Oauth2Error } from '../oauth2-error';
import { type ActiveAccessToken, AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { bearerToken, hasBearerScheme } from './bearer-token';

/**
 * The access check of every bearer-protected resource (MediaWiki's resources, OpenID Connect's UserInfo): the token
 * of `Authorization: Bearer` (RFC 6750 §2.1), active now, of a consumer usable from the caller's address. Failures
 * are RFC 6750 §3 challenges.
 */
@Injectable()
export class BearerResourceAccess {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  async authenticate(request: AppRequest): Promise<ActiveAccessToken> {
    const token = bearerToken(request);
    if (token === undefined) {
      const description = hasBearerScheme(request) ? 'Invalid access token' : 'Missing "Authorization" header';
      throw new Oauth2Error('invalid_token', description, {
        headers: hasBearerScheme(request)
          ? bearerChallenge('invalid_token', description)
          : { 'WWW-Authenticate': REALM },
      });
    }
    let active: ActiveAccessToken;
    try {
      active = await this.verifier.check(token);
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        throw new Oauth2Error('invalid_token', error.message, {
          headers: bearerChallenge('invalid_token', error.message),
        });
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
