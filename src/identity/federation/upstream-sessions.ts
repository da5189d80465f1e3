import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** Who vouched for a sign-in: the upstream's issuer, its `sub` for the person, and its session's `sid` if it said. */
export interface UpstreamOrigin {
  issuer: string;
  subject: string;
  sid?: string;
}

/** A Gatehouse session by its `sid`, with its account. */
export interface OwnSession {
  userId: number;
  sid: string;
}

/**
 * Which Gatehouse sessions each upstream session made (its ID Token's `sid`, Back-Channel Logout 1.0 §2.1), so that
 * the upstream's logout of that session ends exactly those. Kept in the temporary store beside the sessions, shared
 * by every instance, for as long as a session may live; a record of fields, since sign-ins through the same upstream
 * session may finish on several instances at once.
 */
@Injectable()
export class UpstreamSessions {
  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async remember(origin: UpstreamOrigin, session: OwnSession): Promise<void> {
    if (origin.sid === undefined) {
      return;
    }
    const kept: Pick<OwnSession, 'userId'> = { userId: session.userId };
    await this.store.setField(key(origin.issuer, origin.sid), session.sid, kept, this.config.identity.sessionTtl);
  }

  /** The sessions the upstream session `sid` of `issuer` made here (some may have ended since). */
  async madeBy(issuer: string, sid: string): Promise<OwnSession[]> {
    const fields = await this.store.fields<Pick<OwnSession, 'userId'>>(key(issuer, sid));
    return Object.entries(fields).map(([own, { userId }]) => ({ userId, sid: own }));
  }
}

function key(issuer: string, sid: string): string {
  return `upstream-sid:${sha256Hex(`${issuer}\n${sid}`)}`;
}
