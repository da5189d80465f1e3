import { Injectable } from '@nestjs/common';
import { IdentityService } from './identity.service';
import { type Session, SessionService } from './session.service';
import type { UserProfile } from './user-profile';

/** Password sign-in and sign-out, shared by the JSON API and the login page. */
@Injectable()
export class LoginService {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
  ) {}

  async login(name: string, password: string): Promise<{ user: UserProfile; session: Session }> {
    const user = await this.identity.verifyPassword(name, password);
    return { user, session: await this.sessions.create(user.id, ['pwd']) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.destroy(sessionId);
  }
}
