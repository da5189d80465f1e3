import { Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import type { UpstreamOrigin } from '../federation/upstream-sessions';

/** How long a person has to type the code after their password was accepted. */
const PENDING_TTL_SECONDS = 300;
/** Wrong codes one pending sign-in takes before it ends and the password must be given again (and throttled). */
const MAX_CODE_ATTEMPTS = 5;
const TOKEN = /^[0-9a-f]{64}$/;

export interface PendingSignIn {
  userId: number;
  /** The upstream provider that vouched for the first step, so the session made after the second is recorded. */
  upstream?: UpstreamOrigin;
  /**
   * How the first step authenticated (RFC 8176 `amr`): the upstream's own values for an upstream sign-in, which may be
   * none; absent for the password, as in the sign-ins pending before this was recorded.
   */
  firstFactors?: string[];
}

/**
 * A sign-in whose password was right and whose second factor is still to come: a random token (kept by the browser
 * in a cookie, or by an API client), stored only as its hash. It ends after a few wrong codes, so guessing a code
 * costs password attempts, which `LoginThrottle` counts; it is taken atomically when the code is right, so it signs
 * in once, on whichever instance.
 */
@Injectable()
export class PendingSignIns {
  constructor(private readonly store: TemporaryStore) {}

  async start(userId: number, upstream?: { origin: UpstreamOrigin; amr: string[] }): Promise<string> {
    const token = randomHex(32);
    const pending: PendingSignIn =
      upstream === undefined ? { userId } : { userId, upstream: upstream.origin, firstFactors: upstream.amr };
    await this.store.set(key(token), pending, PENDING_TTL_SECONDS);
    return token;
  }

  /** The user a pending sign-in is for; undefined when it is unknown, ended or out of attempts. */
  async userOf(token: string): Promise<number | undefined> {
    return TOKEN.test(token) ? (await this.store.get<PendingSignIn>(key(token)))?.userId : undefined;
  }

  /** Counts a wrong code; the pending sign-in ends at the last allowed one. */
  async failed(token: string): Promise<void> {
    if ((await this.store.increment(`${key(token)}:failures`, PENDING_TTL_SECONDS)) >= MAX_CODE_ATTEMPTS) {
      await this.store.delete(key(token));
    }
  }

  /** Ends the pending sign-in once its code was right: answers it, or undefined when another request already did. */
  finish(token: string): Promise<PendingSignIn | undefined> {
    return this.store.take<PendingSignIn>(key(token));
  }
}

function key(token: string): string {
  return `sign-in-pending:${sha256Hex(token)}`;
}
