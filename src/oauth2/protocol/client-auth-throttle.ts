import { Injectable, Logger } from '@nestjs/common';
import { CacheUnavailableError } from '../../cache/cache-unavailable.error';
import { TemporaryStore } from '../../cache/temporary-store';
import { throttleSource } from '../../common/http/throttle-source';

/** Failures of one client from one source before the first lock, within the counting window. */
const PAIR_FREE_FAILURES = 10;
/** Failures from one source across all clients (and unknown client ids) before that source is locked. */
const SOURCE_FREE_FAILURES = 100;
const COUNT_WINDOW_SECONDS = 3600;
const FIRST_LOCK_SECONDS = 15;
const LONGEST_LOCK_SECONDS = 900;

/**
 * Brute-force protection of client secrets (RFC 6749 §2.3.1, §10.10) that gives an attacker no kill switch. A lock
 * on the client alone would let anyone lock the real client out (RFC 6819 §5.1.4.2.3 warns of it), so failures
 * count per (client, source): the guessing source is slowed, the client from its own address is not. Each failure
 * past the free ones locks the pair twice as long as the one before (a tar pit, RFC 6819 §5.1.4.2.4). A source
 * failing across many clients or client ids is locked as a whole, which stops enumeration. Sources are IPv4
 * addresses or IPv6 /64s, client ids are validated before they get here: every key is small and fixed in shape,
 * and the store bounds how many counters it keeps.
 */
@Injectable()
export class ClientAuthThrottle {
  private readonly audit = new Logger('Audit');

  constructor(private readonly store: TemporaryStore) {}

  /**
   * Seconds until `clientId` may try again from `address`; 0 when it may now, and while the store does not answer:
   * the throttle is an abuse limit, not a single-use decision, and the per-address rate limits still hold then
   * (their in-process stand-in). Refusing every client would stop introspection and the token endpoint for an
   * outage that touches no credential.
   */
  async lockedFor(clientId: string, address: string | undefined): Promise<number> {
    const source = throttleSource(address);
    try {
      return Math.ceil(await this.store.secondsLeft(lockKey(pairOf(clientId, source)), lockKey(source)));
    } catch (error) {
      return this.unavailable(error);
    }
  }

  /** Counts a failed authentication; an unknown client id counts against its source only. Not while the store fails. */
  async countFailure(clientId: string | undefined, address: string | undefined): Promise<void> {
    const source = throttleSource(address);
    try {
      await Promise.all([
        clientId === undefined
          ? undefined
          : this.count(pairOf(clientId, source), PAIR_FREE_FAILURES, { clientId, source }),
        this.count(source, SOURCE_FREE_FAILURES, { source }),
      ]);
    } catch (error) {
      this.unavailable(error);
    }
  }

  private unavailable(error: unknown): 0 {
    if (!(error instanceof CacheUnavailableError)) {
      throw error;
    }
    return 0;
  }

  private async count(subject: string, free: number, audit: Record<string, string>): Promise<void> {
    const failures = await this.store.increment(`oauth2:client-auth:failures:${subject}`, COUNT_WINDOW_SECONDS);
    if (failures < free) {
      return;
    }
    const seconds = Math.min(FIRST_LOCK_SECONDS * 2 ** (failures - free), LONGEST_LOCK_SECONDS);
    if ((await this.store.increment(lockKey(subject), seconds)) === 1) {
      this.audit.warn({ action: 'client-auth-locked', ...audit, seconds }, 'failed client authentications locked');
    }
  }
}

function pairOf(clientId: string, source: string): string {
  return `${clientId}@${source}`;
}

function lockKey(subject: string): string {
  return `oauth2:client-auth:lock:${subject}`;
}
