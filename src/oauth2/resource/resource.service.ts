import { Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { profileClaims } from '../../identity/profile-claims';
import { bearerToken, hasBearerScheme } from '../bearer/bearer-token';
import { Oauth2Error } from '../oauth2-error';
import { type ActiveAccessToken, AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import type { ProfileDto, ScopesDto } from './resource.dto';

/** The bearer-protected resources of reference §5.6; failures are RFC 6750 §3 challenges. */
@Injectable()
export class ResourceService {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  async profile(request: AppRequest): Promise<ProfileDto> {
    const active = await this.authenticate(request);
    if (!active.user) {
      throw new Oauth2Error('invalid_token', 'This token acts for no user', {
        status: 403,
        headers: challenge('insufficient_scope', 'This token acts for no user'),
      });
    }
    return profileClaims(active.user, active.grants, active.rights) as unknown as ProfileDto;
  }

  async scopes(request: AppRequest): Promise<ScopesDto> {
    const active = await this.authenticate(request);
    return { scopes: active.consumer.grants };
  }

  private async authenticate(request: AppRequest): Promise<ActiveAccessToken> {
    const token = bearerToken(request);
    if (token === undefined) {
      const description = hasBearerScheme(request) ? 'Invalid access token' : 'Missing "Authorization" header';
      throw new Oauth2Error('invalid_token', description, {
        headers: hasBearerScheme(request) ? challenge('invalid_token', description) : { 'WWW-Authenticate': realm() },
      });
    }
    let active: ActiveAccessToken;
    try {
      active = await this.verifier.check(token);
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        throw new Oauth2Error('invalid_token', error.message, { headers: challenge('invalid_token', error.message) });
      }
      throw error;
    }
    const refusal = checkConsumerAccess(active.consumer, { userId: active.claims.userId }, request.ip);
    if (refusal === 'address') {
      // RFC 6750 §3.1: the token is good, but not for a request from here, as the gateway answers (DESIGN §11).
      const description = 'The request came from an IP address this app may not be used from';
      throw new Oauth2Error('insufficient_scope', description, {
        status: 403,
        headers: challenge('insufficient_scope', description),
      });
    }
    if (refusal) {
      const description = 'The app behind this token is not usable';
      throw new Oauth2Error('invalid_token', description, { headers: challenge('invalid_token', description) });
    }
    return active;
  }
}

function realm(): string {
  return 'Bearer realm="OAuth"';
}

function challenge(error: string, description: string): Record<string, string> {
  return {
    'WWW-Authenticate': `${realm()}, error="${error}", error_description="${description.replace(/["\\]/g, '')}"`,
  };
}
