import { Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { BearerResourceAccess, insufficientScope } from '../../oauth2/bearer/bearer-resource-access';
import { scopeClaims } from '../claims/scope-claims';
import type { UserInfoDto } from './userinfo.dto';

/**
 * OpenID Connect Core §5.3: the bearer token's user, as its scopes allow (§5.4), and MediaWiki's `groups`, `rights`
 * and `grants` with `profile`. A token issued without `openid` is refused with RFC 6750's `insufficient_scope`.
 */
@Injectable()
export class UserInfoService {
  constructor(private readonly access: BearerResourceAccess) {}

  async userInfo(request: AppRequest): Promise<UserInfoDto> {
    const active = await this.access.authenticate(request);
    if (!active.user || !active.grants.includes('openid')) {
      throw insufficientScope('The access token was not issued for the openid scope');
    }
    const claims: UserInfoDto = scopeClaims(active.user, active.grants);
    if (active.grants.includes('profile')) {
      claims.groups = ['*', 'user', ...active.user.groups];
      claims.rights = active.rights;
      claims.grants = active.grants;
    }
    return claims;
  }
}
