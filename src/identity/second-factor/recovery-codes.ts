import { randomBytes } from 'node:crypto';
import { hmacSha256Hex } from '../../common/crypto/crypto';

/** How many codes an enrolment hands out (OATHAuth hands out 10). */
export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be misread for one another (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten fresh codes like `k7m2p-x9qrt`: 10 characters of a 31-letter alphabet, ~49 bits each. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = [...randomBytes(10)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

/** The code as typed, without case, spaces or dashes. */
export function normalizedRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** What is stored of a code: its keyed hash, so a dump of the table yields no usable code (DESIGN §6). */
export function recoveryCodeHash(code: string, serverKey: string): string {
  return hmacSha256Hex(`recovery-code:${normalizedRecoveryCode(code)}`, serverKey);
}
