import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SESSION_ENDED_EVENT, type SessionEndedEvent } from '../common/events/session-ended.event';
import { IdentityService } from './identity.service';
import { type SessionSummary, SessionService } from './session.service';

/**
 * Ending sessions, whoever asks: the person signing out or ending one of their sessions on the security page, or an
 * admin ending all of a user's. Each ended session is announced (OpenID Connect's back-channel logout listens); the
 * session is gone whatever a listener does, so a listener's failure is logged and never fails the ending.
 */
@Injectable()
export class AccountSessions {
  private readonly logger = new Logger(AccountSessions.name);
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly sessions: SessionService,
    private readonly identity: IdentityService,
    private readonly events: EventEmitter2,
  ) {}

  list(userId: number): Promise<SessionSummary[]> {
    return this.sessions.list(userId);
  }

  /** Signing out: the caller's own session. */
  async endCurrent(session: { id: string; sid: string }, userId: number): Promise<void> {
    await this.sessions.destroy({ id: session.id, userId });
    await this.announce(session.sid, userId);
  }

  /** One of the person's sessions, by its `sid`; false when they have none by that name. */
  async end(userId: number, sid: string): Promise<boolean> {
    if (!(await this.sessions.end(userId, sid))) {
      return false;
    }
    this.audit.log({ action: 'end-session', userId, sid }, 'session ended by its user');
    await this.announce(sid, userId);
    return true;
  }

  /** Every session of the person but `currentSid`; answers how many ended. */
  async endOthers(userId: number, currentSid: string): Promise<number> {
    const others = (await this.sessions.sidsOf(userId)).filter((sid) => sid !== currentSid);
    const ended = await Promise.all(others.map((sid) => this.endQuietly(userId, sid)));
    const count = ended.filter(Boolean).length;
    this.audit.log({ action: 'end-other-sessions', userId, count }, 'other sessions ended by their user');
    return count;
  }

  /**
   * An admin ends every session of a user. Sessions too old to be indexed end as well: the account's sessions count
   * only from now (`IdentityService.endSessionsBefore`).
   */
  async endAll(actorId: number, userId: number): Promise<number> {
    await this.identity.endSessionsBefore(userId, new Date());
    const ended = await Promise.all((await this.sessions.sidsOf(userId)).map((sid) => this.endQuietly(userId, sid)));
    const count = ended.filter(Boolean).length;
    this.audit.log({ action: 'end-all-sessions', actorId, userId, count }, 'every session of a user ended by an admin');
    return count;
  }

  /**
   * The upstream provider that vouched for the person ended their session there (OpenID Connect Back-Channel Logout
   * 1.0): the sessions it made here end, those named by `sids`, or every one of the account's (`all`, when the
   * upstream did not say which, or Gatehouse did not record it) including those too old to be indexed.
   */
  async endFromUpstream(
    userId: number,
    sids: string[] | 'all',
    upstream: { issuer: string; sub?: string; sid?: string },
  ): Promise<number> {
    if (sids === 'all') {
      await this.identity.endSessionsBefore(userId, new Date());
    }
    const ending = sids === 'all' ? await this.sessions.sidsOf(userId) : sids;
    const ended = await Promise.all(ending.map((sid) => this.endQuietly(userId, sid)));
    const count = ended.filter(Boolean).length;
    this.audit.log(
      { action: 'upstream-logout', userId, upstream, all: sids === 'all', count },
      'sessions ended by the back-channel logout of an upstream provider',
    );
    return count;
  }

  private async endQuietly(userId: number, sid: string): Promise<boolean> {
    if (!(await this.sessions.end(userId, sid))) {
      return false;
    }
    await this.announce(sid, userId);
    return true;
  }

  private async announce(sid: string, userId: number): Promise<void> {
    const event: SessionEndedEvent = { sid, userId };
    try {
      await this.events.emitAsync(SESSION_ENDED_EVENT, event);
    } catch (error) {
      this.logger.error(`A listener of the session's end failed: ${String(error)}`);
    }
  }
}
