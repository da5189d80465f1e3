import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import type { RequestAuthenticator } from '../common/auth/request-authenticator';
import type { AppRequest } from '../common/http/app-request';
import { IdentityService } from './identity.service';
import { SESSION_COOKIE } from './session-cookie';
import { SessionService } from './session.service';

/**
 * Recognises callers by their session cookie; a session of a locked or deleted account counts as none. A blocked
 * account's session is recognised, and refused by `checkCredentialMay` wherever a caller is needed.
 */
@Injectable()
export class SessionAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly sessions: SessionService,
    private readonly identity: IdentityService,
  ) {}

  async authenticate(request: AppRequest): Promise<AuthContext | undefined> {
    const cookie: unknown = request.cookies?.[SESSION_COOKIE];
    if (typeof cookie !== 'string') {
      return undefined;
    }
    const session = await this.sessions.find(cookie);
    const user = session && (await this.identity.findProfile(session.userId));
    if (!session || !user || user.locked) {
      return undefined;
    }
    return {
      userId: user.id,
      userName: user.name,
      groups: user.groups,
      rights: new Set(user.rights),
      via: 'session',
      blocked: user.blocked,
      session: { id: session.id, csrfToken: session.csrfToken },
    };
  }
}
