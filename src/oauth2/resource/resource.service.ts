import { Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { profileClaims } from '../../identity/profile-claims';
import { BearerResourceAccess, bearerChallenge } from '../bearer/bearer-resource-access';
import { Oauth2Error } from '../oauth2-error';
import type { ProfileDto, ScopesDto } from './resource.dto';

/** The bearer-protected resources of reference §5.6. */
@Injectable()
export class ResourceService {
  constructor(private readonly access: BearerResourceAccess) {}

  async profile(request: AppRequest): Promise<ProfileDto> {
    const active = await this.access.authenticate(request);
    if (!active.user) {
      // MediaWiki answers invalid_token here, with RFC 6750's 403 challenge.
      throw new Oauth2Error('invalid_token', 'This token acts for no user', {
        status: 403,
        headers: bearerChallenge('insufficient_scope', 'This token acts for no user'),
      });
    }
    return profileClaims(active.user, active.grants, active.rights) as unknown as ProfileDto;
  }

  async scopes(request: AppRequest): Promise<ScopesDto> {
    const active = await this.access.authenticate(request);
    return { scopes: active.consumer.grants };
  }
}
