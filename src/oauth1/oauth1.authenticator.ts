import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { AuthContext } from '../common/auth/auth-context';
import type { RequestAuthenticator } from '../common/auth/request-authenticator';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import type { AppRequest } from '../common/http/app-request';
import { effectiveRights } from '../grants/effective-rights';
import { GrantCatalogue } from '../grants/grant-catalogue';
import { IdentityService } from '../identity/identity.service';
import { assertConsumerAccess } from './consumer-access';
import { Oauth1Refusal } from './oauth1-refusal';
import { Oauth1RequestVerifier } from './oauth1-request-verifier.service';

/**
 * OAuth 1.0a-signed calls of the JSON API (reference §4.10, §6.3): the access token's user, with the rights of
 * its accepted grants intersected with the user's own (DESIGN §7). Only `/api/` requests are looked at, so the
 * protocol endpoints, which verify their own signatures, never see a nonce spent twice.
 */
@Injectable()
export class Oauth1Authenticator implements RequestAuthenticator {
  constructor(
    private readonly verifier: Oauth1RequestVerifier,
    private readonly identity: IdentityService,
    private readonly grants: GrantCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  offeredBy(request: AppRequest): boolean {
    return request.path.startsWith('/api/') && this.verifier.hasOauthParameters(request);
  }

  async authenticate(request: AppRequest): Promise<AuthContext | undefined> {
    if (!this.offeredBy(request)) {
      return undefined;
    }
    try {
      const { consumer, acceptance } = await this.verifier.verify(request, 'access');
      const user = acceptance && (await this.identity.findProfile(acceptance.userId));
      const wikiOk = acceptance?.wiki === '*' || acceptance?.wiki === this.config.oauth.siteId;
      if (!acceptance || !wikiOk || !user || user.locked || user.blocked) {
        throw new CommonException(CommonErrorCode.NotAuthenticated, 'The account behind this token may not use apps');
      }
      assertConsumerAccess(consumer, { userId: user.id }, request.ip);
      return {
        userId: user.id,
        userName: user.name,
        groups: user.groups,
        rights: effectiveRights(user.rights, acceptance.grants, this.grants),
        via: 'oauth1',
        blocked: false,
      };
    } catch (error) {
      if (error instanceof Oauth1Refusal) {
        throw new CommonException(
          CommonErrorCode.NotAuthenticated,
          `The authorization headers in your request are not valid: ${error.message}`,
        );
      }
      throw error;
    }
  }
}
