import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import type { RequestAuthenticator } from '../common/auth/request-authenticator';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import type { AppRequest } from '../common/http/app-request';
import { isCrossSiteRequest } from '../common/http/cross-site';
import { setViewerPreferences } from '../common/messages/language-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdentityService } from './identity.service';
import { SESSION_COOKIE } from './session-cookie';
import { TwoFactorService } from './second-factor/two-factor.service';
import { SessionService } from './session.service';
import type { UserProfile } from './user-profile';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Recognises callers by their session cookie; a session of a locked or deleted account counts as none. A blocked
 * account's session is recognised, and refused by `checkCredentialMay` wherever a caller is needed. The browser
 * sends the cookie on whatever another site makes it send, so on unsafe methods a cross-site request is refused
 * before the cookie counts (CSRF, whatever route it reaches: the JSON API, pages, consent forms).
 */
@Injectable()
export class SessionAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly sessions: SessionService,
    private readonly identity: IdentityService,
    private readonly twoFactor: TwoFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  offeredBy(request: AppRequest): boolean {
    return typeof request.cookies?.[SESSION_COOKIE] === 'string';
  }

  async authenticate(request: AppRequest): Promise<AuthContext | undefined> {
    const cookie: unknown = request.cookies?.[SESSION_COOKIE];
    if (typeof cookie !== 'string') {
      return undefined;
    }
    if (!SAFE_METHODS.has(request.method) && isCrossSiteRequest(request, this.config.http.publicUrl)) {
      throw new CommonException(CommonErrorCode.CsrfFailed, 'Requests from other sites may not use the session');
    }
    const session = await this.sessions.find(cookie);
    const user = session && (await this.identity.findProfile(session.userId));
    if (!session || !user || user.locked || madeBefore(session.createdAt, user.sessionsValidFrom)) {
      return undefined;
    }
    await this.sessions.touch(session, { ip: request.ip ?? '', userAgent: request.header('user-agent') ?? '' });
    // The pages of this request speak the person's chosen language unless `uselang` says otherwise.
    setViewerPreferences(user.preferences);
    const setupRequired = await this.setupRequired(user);
    return {
      userId: user.id,
      userName: user.name,
      groups: user.groups,
      rights: new Set(user.rights),
      via: 'session',
      blocked: user.blocked,
      ...(setupRequired ? { setupRequired } : {}),
      session: {
        id: session.id,
        csrfToken: session.csrfToken,
        sid: session.sid,
        authTime: session.authTime,
        amr: session.amr,
      },
    };
  }

  /** What the person must do before anything else: a new password after a reset, then a second factor if required. */
  private async setupRequired(user: UserProfile): Promise<AuthContext['setupRequired']> {
    if (user.passwordChangeRequired) {
      return 'password-change';
    }
    const required = this.config.identity.twoFactorRequiredGroups;
    if (required.some((group) => user.groups.includes(group)) && !(await this.twoFactor.isEnrolled(user.id))) {
      return 'second-factor';
    }
    return undefined;
  }
}

/** A change of password ended the sessions made before it (`IdentityService.changePassword`). */
function madeBefore(createdAt: number, sessionsValidFrom: Date | null): boolean {
  return sessionsValidFrom !== null && createdAt < sessionsValidFrom.getTime();
}
