import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/**
 * 32 MiB and about 90 ms of one core per hash here: memory-hard enough to make GPU cracking costly, while a
 * burst of logins cannot take the service down (OWASP's 128 MiB setting costs 350 ms a login here).
 */
const PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * Derivations run at once; the others wait their turn. Each holds 128·N·r bytes (32 MiB) outside the JS heap for
 * its whole run, and libuv's pool would run four: a burst of logins took the resident memory 128 MiB up. Two keep
 * both cores of a small machine busy, which is all the throughput more could give.
 */
const CONCURRENT_DERIVATIONS = 2;

/** A first-come queue of `size` slots. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) {
      this.free -= 1;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.free += 1;
      }
    }
  }
}

const derivations = new Slots(CONCURRENT_DERIVATIONS);

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParameters): Promise<Buffer> {
  return derivations.run(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

function format({ N, r, p }: ScryptParameters, salt: Buffer, key: Buffer): string {
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Password hashes as `scrypt$N$r$p$salt$hash` (base64), so parameters can be raised later without
 * invalidating stored hashes.
 */
@Injectable()
export class PasswordHasher {
  /**
   * What an unknown user's password is checked against: the current parameters with a random salt and a random
   * key, which no password derives to. Not derived from anything, so start-up does not spend a derivation (and
   * 32 MiB) on it; checking against it costs exactly what a real check does.
   */
  private readonly dummyHash = format(PARAMETERS, randomBytes(16), randomBytes(KEY_LENGTH));

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    return format(PARAMETERS, salt, await derive(password, salt, PARAMETERS));
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !hash) {
      return false;
    }
    const expected = Buffer.from(hash, 'base64');
    const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** Whether `stored` was made with today's parameters; an older hash is made again at the next sign-in. */
  isCurrent(stored: string): boolean {
    const [scheme, N, r, p] = stored.split('$');
    return (
      scheme === 'scrypt' && Number(N) === PARAMETERS.N && Number(r) === PARAMETERS.r && Number(p) === PARAMETERS.p
    );
  }

  /** Spends the same time as a real check, so an unknown user name is not told apart by timing. */
  async verifyNothing(password: string): Promise<false> {
    await this.verify(password, this.dummyHash);
    return false;
  }
}
