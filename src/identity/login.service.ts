import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SESSION_ENDED_EVENT, type SessionEndedEvent } from '../common/events/session-ended.event';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { IdentityService } from './identity.service';
import { LoginThrottle } from './login-throttle';
import { type Session, SessionService } from './session.service';
import type { UserProfile } from './user-profile';

/** Password sign-in, sign-out and change of password, shared by the JSON API and the pages. */
@Injectable()
export class LoginService {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
    private readonly events: EventEmitter2,
    private readonly throttle: LoginThrottle,
  ) {}

  private readonly logger = new Logger(LoginService.name);
  private readonly audit = new Logger('Audit');

  /**
   * Signs in with a password from `address`. A throttled attempt is refused before the password is checked, with the
   * same answer whether or not the account exists (`LoginThrottle`).
   */
  async login(
    name: string,
    password: string,
    address: string | undefined,
  ): Promise<{ user: UserProfile; session: Session }> {
    const user = await this.throttled(name, address, () => this.identity.verifyPassword(name, password));
    return { user, session: await this.sessions.create(user.id, ['pwd']) };
  }

  /**
   * The signed-in person's change of password. The current password is checked under the same throttle as a
   * sign-in (a stolen session must not become a way to guess it). Every other session of the account ends; this one
   * is replaced by a new session (a new id, as at every sign-in), which is answered.
   */
  async changePassword(
    session: { id: string; sid: string },
    user: { id: number; name: string },
    passwords: { current: string; next: string },
    address: string | undefined,
  ): Promise<Session> {
    await this.throttled(user.name, address, () =>
      this.identity.changePassword(user.id, passwords.current, passwords.next),
    );
    this.audit.log({ action: 'change-password', userId: user.id }, 'password changed; other sessions ended');
    await this.logout(session, user.id);
    return this.sessions.create(user.id, ['pwd']);
  }

  /** Runs a password check that a `LoginThrottle` admits; a wrong password counts against the address. */
  private async throttled<T>(name: string, address: string | undefined, check: () => Promise<T>): Promise<T> {
    const wait = await this.throttle.admit(name, address);
    if (wait > 0) {
      throw new IdentityException(
        IdentityErrorCode.Throttled,
        `You have made too many recent sign-in attempts. Please wait ${describeWait(wait)} before trying again.`,
        { 'Retry-After': String(wait) },
      );
    }
    let result: T;
    try {
      result = await check();
    } catch (error) {
      if (error instanceof IdentityException && error.code === IdentityErrorCode.InvalidCredentials) {
        await this.throttle.countFailure(address);
      }
      throw error;
    }
    await this.throttle.clear(name, address);
    return result;
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

/** MediaWiki's "Please wait 5 minutes": seconds up to two minutes, then whole minutes, then whole hours. */
function describeWait(seconds: number): string {
  if (seconds < 120) {
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
