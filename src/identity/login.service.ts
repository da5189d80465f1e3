import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SESSION_ENDED_EVENT, type SessionEndedEvent } from '../common/events/session-ended.event';
import { IdentityService } from './identity.service';
import { type Session, SessionService } from './session.service';
import type { UserProfile } from './user-profile';

/** Password sign-in and sign-out, shared by the JSON API and the login page. */
@Injectable()
export class LoginService {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
    private readonly events: EventEmitter2,
  ) {}

  private readonly logger = new Logger(LoginService.name);

  async login(name: string, password: string): Promise<{ user: UserProfile; session: Session }> {
    const user = await this.identity.verifyPassword(name, password);
    return { user, session: await this.sessions.create(user.id, ['pwd']) };
  }

  /**
   * Ends the session, then tells whoever listens (OpenID Connect's back-channel logout). The session is gone
   * whatever a listener does, so a listener's failure is logged and never fails the sign-out.
   */
  async logout(session: { id: string; sid: string }, userId: number): Promise<void> {
    await this.sessions.destroy(session.id);
    const event: SessionEndedEvent = { sid: session.sid, userId };
    try {
      await this.events.emitAsync(SESSION_ENDED_EVENT, event);
    } catch (error) {
      this.logger.error(`A listener of the session's end failed: ${String(error)}`);
    }
  }
}
