import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import type { RequestAuthenticator } from '../../common/auth/request-authenticator';
import { CommonErrorCode, CommonException } from '../../common/errors/common.exception';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { SenderConstraint, SenderRefused } from './sender-constraint';

/** The JSON API, and MediaWiki's client self-service, which MediaWiki opens to OAuth callers too (reference §5.7). */
const API_PATHS = /^\/(api\/|((w\/)?rest\.php\/)?oauth2\/(client|consumers)(\/|$))/;

/**
 * OAuth 2 bearer tokens on the management API (DESIGN §3, §7): the token's user with the user's rights cut to the
 * token's grants, so `oauthmanageownclient` lets a client manage its owner's consumers. Every state behind the
 * token is read on each call, so a disabled consumer, a revoked authorization or token, or a blocked user stops
 * it at once. A DPoP-bound token is accepted only with the `DPoP` scheme and a proof for this request (RFC 9449 §7.1).
 */
@Injectable()
export class BearerAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly senders: SenderConstraint,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  offeredBy(request: AppRequest): boolean {
    return API_PATHS.test(request.path) && this.senders.offersToken(request.header('authorization'));
  }

  async authenticate(request: AppRequest): Promise<AuthContext | undefined> {
    if (!this.offeredBy(request)) {
      return undefined;
    }
    const presented = this.senders.presented(request.header('authorization'));
    try {
      if (presented === undefined) {
        throw new AccessTokenRejected('Invalid access token');
      }
      const active = await this.verifier.checkForThisServer(presented.token);
      await this.senders.confirm(presented, active.claims.boundKey, {
        proof: request.headers.dpop,
        method: request.method,
        uri: `${this.config.http.publicUrl}${request.path}`,
      });
      if (!active.user) {
        throw new AccessTokenRejected('This token acts for no user (client credentials of a shared client)');
      }
      const refusal = checkConsumerAccess(active.consumer, { userId: active.user.id }, request.ip);
      if (refusal === 'address') {
        throw new CommonException(
          CommonErrorCode.PermissionDenied,
          'The request came from an IP address this app may not be used from',
        );
      }
      if (refusal) {
        throw new AccessTokenRejected(`The app "${active.consumer.name}" is not usable`);
      }
      return {
        userId: active.user.id,
        userName: active.user.name,
        groups: active.user.groups,
        rights: new Set(active.rights),
        via: 'oauth2',
        // The verifier refused the token already if its user is blocked.
        blocked: false,
      };
    } catch (error) {
      if (error instanceof AccessTokenRejected || error instanceof SenderRefused) {
        throw new CommonException(
          CommonErrorCode.NotAuthenticated,
          `The authorization headers in your request are not valid: ${error.message}`,
        );
      }
      throw error;
    }
  }
}
