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

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Password hashes as `scrypt$N$r$p$salt$hash` (base64), so parameters can be raised later without
 * invalidating stored hashes.
 */
@Injectable()
export class PasswordHasher {
  private readonly dummyHash = this.hash(randomBytes(16).toString('hex'));

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, PARAMETERS);
    const { N, r, p } = PARAMETERS;
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
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

  /** Spends the same time as a real check, so an unknown user name is not told apart by timing. */
  async verifyNothing(password: string): Promise<false> {
    await this.verify(password, await this.dummyHash);
    return false;
  }
}
