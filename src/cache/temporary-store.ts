/**
 * Short-lived state (OAuth request tokens, verifiers, nonces, authorization codes, login sessions, CSRF state)
 * lives here and never in SQL (DESIGN §5). Values are JSON-serialisable and come back as copies; TTLs are in
 * seconds, may be fractional and must be positive.
 */
export abstract class TemporaryStore {
  abstract set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  abstract get<T>(key: string): Promise<T | undefined>;
  /** removes an entry or an `increment` counter */
  abstract delete(key: string): Promise<void>;
  /** set-if-absent, ATOMIC: exactly one of many concurrent callers (also across processes sharing Redis) gets true */
  abstract add(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;
  /**
   * Spends a single-use key (a DPoP proof's `jti`): true the first time within `ttlSeconds`, false for every later
   * try, ATOMIC like `add` (one `SET NX` on Redis). The key holds no value: only `spend` and `delete` may use it.
   * In memory such keys are kept apart from the other entries, in a structure made for one write per request.
   */
  abstract spend(key: string, ttlSeconds: number): Promise<boolean>;
  /** get-and-delete, ATOMIC: exactly one concurrent caller gets the value */
  abstract take<T>(key: string): Promise<T | undefined>;
  /**
   * Counts one more event in a window of `ttlSeconds` that starts with the first count, ATOMIC; answers the
   * count so far. Throttles use it (failed client authentications), so it is shared across processes on Redis.
   * Counters are kept apart from the other entries: the memory backend holds a bounded number of them and forgets
   * the least recently used first, which only ever forgives failures (an evicted nonce or code could be replayed).
   */
  abstract increment(key: string, ttlSeconds: number): Promise<number>;
  /**
   * Seconds left in the longest window of these counters of `increment`; 0 when none runs. Only the times are read:
   * throttles check their locks on every request, and usually none is set. On Redis one key is one PTTL, and several
   * are one EXISTS, then their PTTLs only when one exists (a GET of the count in a MULTI cost about twice as much, and
   * a PTTL each one more command on every token request).
   */
  abstract secondsLeft(...keys: string[]): Promise<number>;
  /**
   * Sets one field of a record of fields (a Redis hash), ATOMIC per field, and gives the whole record `ttlSeconds` to
   * live from now: records that list things (a user's sessions) are written from several instances at once, and a
   * read-modify-write of one value would lose entries.
   */
  abstract setField(key: string, field: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Removes one field of a record of fields. */
  abstract deleteField(key: string, field: string): Promise<void>;
  /** Every field of a record of fields; empty when there is none. */
  abstract fields<T>(key: string): Promise<Record<string, T>>;
  /** resolves when the backend answers, rejects (within ~1 s, never hangs) when it does not; used by /readyz */
  abstract ping(): Promise<void>;
}
