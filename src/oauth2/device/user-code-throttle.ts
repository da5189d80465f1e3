import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { throttleSource } from '../../common/http/throttle-source';

/** Wrong codes one session may enter in the counting window before it must wait for the window's end. */
const SESSION_FREE_FAILURES = 5;
/** Wrong codes from one source (all its sessions) before that source waits: new sessions do not buy new tries. */
const SOURCE_FREE_FAILURES = 20;
const COUNT_WINDOW_SECONDS = 900;

/**
 * RFC 8628 §5.1: user codes are short enough to type, so guessing them must be rate-limited. Wrong codes count per
 * login session and per source address (an IPv4 address or IPv6 /64); either one reaching its limit locks that
 * session or source for the rest of the counting window. Counters are `TemporaryStore.increment`, shared by every
 * instance on Redis, like the client-authentication throttle's.
 */
@Injectable()
export class UserCodeThrottle {
  private readonly audit = new Logger('Audit');

  constructor(private readonly store: TemporaryStore) {}

  /** Seconds until this session may enter a code again from `address`; 0 when it may now. */
  async lockedFor(sessionId: string, address: string | undefined): Promise<number> {
    return Math.ceil(
      await this.store.secondsLeft(lockKey(sessionSubject(sessionId)), lockKey(throttleSource(address))),
    );
  }

  async countFailure(sessionId: string, address: string | undefined): Promise<void> {
    const source = throttleSource(address);
    await Promise.all([
      this.count(sessionSubject(sessionId), SESSION_FREE_FAILURES, { scope: 'session' }),
      this.count(source, SOURCE_FREE_FAILURES, { source }),
    ]);
  }

  private async count(subject: string, free: number, audit: Record<string, string>): Promise<void> {
    const counter = `oauth2:user-code:failures:${subject}`;
    if ((await this.store.increment(counter, COUNT_WINDOW_SECONDS)) < free) {
      return;
    }
    const seconds = Math.max(1, Math.ceil(await this.store.secondsLeft(counter)));
    if ((await this.store.increment(lockKey(subject), seconds)) === 1) {
      this.audit.warn({ action: 'user-code-locked', ...audit, seconds }, 'wrong user codes locked');
    }
  }
}

/** Session ids are secrets: the key holds their hash, never the id. */
function sessionSubject(sessionId: string): string {
  return `session:${sha256Hex(sessionId)}`;
}

function lockKey(subject: string): string {
  return `oauth2:user-code:lock:${subject}`;
}
