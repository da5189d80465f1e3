import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TemporaryStore } from '../cache/temporary-store';
import { throttleSource } from '../common/http/throttle-source';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ThrottleLimit } from '../config/throttle-limits';
import { canonicalUserName } from './user-name';

const PREFIX = 'login:throttle';

/**
 * Password-guessing limits of sign-in (MediaWiki's `$wgPasswordAttemptThrottle`, its ThrottlePreAuthenticationProvider),
 * shared by every instance through the `TemporaryStore` (Redis).
 *
 * - Attempts on an account are counted BEFORE the password is checked, by one atomic increment each: a burst of
 *   parallel guesses cannot slip past a limit between a check and a count, so each limit bounds the guesses on an
 *   account exactly. They are counted per (account, address), as MediaWiki does, and per account from anywhere. A
 *   successful sign-in clears them (MediaWiki clears its throttle on success too).
 * - Failures from one address across accounts are counted after the check, so successes never count: many people
 *   behind one address (an office's NAT) are not locked out by signing in. A burst from one address can exceed this
 *   limit by its concurrency; the account limits above are the ones that bound guesses on a password.
 *
 * - A recovery sign-in (one that also gives a two-factor recovery code, checked before the password) is not held by
 *   the account's limit from anywhere: anyone can fill that one and keep the owner out for its window, and the
 *   issue's rule is that a throttled account can still use its second factor's recovery. Its own per-account limit
 *   (`LOGIN_THROTTLE_RECOVERY`) bounds guesses of recovery codes instead; the account-and-address and address limits
 *   hold as for any sign-in.
 *
 * Keys are fixed in shape and carry no user input: the account as a hash of its canonical name, whether or not it
 * exists, so the answer and the work done are the same for an unknown name (no account enumeration); the address
 * as `throttleSource` makes it (an IPv4 address or an IPv6 /64).
 */
@Injectable()
export class LoginThrottle {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts an attempt on `name` from `address`; answers the seconds to wait when it is refused, 0 when allowed. A
   * `recovery` attempt counts against the recovery limit in place of the account's own (see above).
   */
  async admit(name: string, address: string | undefined, kind: 'password' | 'recovery' = 'password'): Promise<number> {
    const { accountAddress, address: addressLimits, ...limits } = this.config.identity.loginThrottle;
    const recovery = kind === 'recovery';
    const accountLimits = recovery ? limits.recovery : limits.account;
    const account = accountKey(name);
    const source = throttleSource(address);
    // MediaWiki's throttle log names the account as typed (canonicalised, bounded), so an operator can act on it.
    const user = canonicalUserName(name).slice(0, 255);
    const waits = await Promise.all([
      this.store.secondsLeft(...addressLimits.map((_, index) => lockKey(`address:${index}:${source}`))),
      ...accountAddress.map((limit, index) =>
        this.count(`account-address:${index}:${account}@${source}`, limit, { user, source }),
      ),
      ...accountLimits.map((limit, index) =>
        this.count(
          `${recovery ? 'recovery' : 'account'}:${index}:${account}`,
          limit,
          recovery ? { user, kind } : { user },
        ),
      ),
    ]);
    return Math.ceil(Math.max(0, ...waits));
  }

  /** A failed sign-in from `address`: counted against the address across accounts. */
  async countFailure(address: string | undefined): Promise<void> {
    const source = throttleSource(address);
    await Promise.all(
      this.config.identity.loginThrottle.address.map(async (limit, index) => {
        const subject = `address:${index}:${source}`;
        const failures = await this.store.increment(`${PREFIX}:${subject}`, limit.seconds);
        if (failures === limit.count) {
          // The lock lasts as long as the rest of the counting window.
          const seconds = Math.max(1, await this.store.secondsLeft(`${PREFIX}:${subject}`));
          await this.store.increment(lockKey(subject), seconds);
          this.lockedOut({ source }, limit, seconds);
        }
      }),
    );
  }

  /** A successful sign-in: the account's counters start again (MediaWiki's `Throttler::clear`). */
  async clear(name: string, address: string | undefined): Promise<void> {
    const { accountAddress, account: accountLimits } = this.config.identity.loginThrottle;
    const account = accountKey(name);
    const source = throttleSource(address);
    await Promise.all([
      ...accountAddress.map((_, index) => this.store.delete(`${PREFIX}:account-address:${index}:${account}@${source}`)),
      ...accountLimits.map((_, index) => this.store.delete(`${PREFIX}:account:${index}:${account}`)),
    ]);
  }

  /** Counts one attempt under `subject`; the seconds left in its window once it is over the limit, else 0. */
  private async count(subject: string, limit: ThrottleLimit, audit: Record<string, string>): Promise<number> {
    const key = `${PREFIX}:${subject}`;
    const attempts = await this.store.increment(key, limit.seconds);
    if (attempts <= limit.count) {
      return 0;
    }
    const seconds = Math.max(1, await this.store.secondsLeft(key));
    if (attempts === limit.count + 1) {
      this.lockedOut(audit, limit, seconds);
    }
    return seconds;
  }

  private lockedOut(subject: Record<string, string>, limit: ThrottleLimit, seconds: number): void {
    this.audit.warn(
      { action: 'login-throttled', ...subject, limit: `${limit.count}/${limit.seconds}s`, seconds: Math.ceil(seconds) },
      'sign-in attempts locked out',
    );
  }
}

/** The account as a fixed-size key: a hash of its canonical name (which may name no account). */
function accountKey(name: string): string {
  return createHash('sha256').update(canonicalUserName(name)).digest('base64url').slice(0, 22);
}

function lockKey(subject: string): string {
  return `${PREFIX}:lock:${subject}`;
}
