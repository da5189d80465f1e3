import { randomInt } from 'node:crypto';

/**
 * RFC 8628 §6.1: upper-case consonants only, so a code reads the same however it is typed and spells no word. 20
 * letters to the power of 8 is about 2^34.6; with the guessing throttle and the code's short life (§5.1) that is
 * plenty.
 */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const LENGTH = 8;
const CANONICAL = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

/** A fresh user code, canonical (no dash): what the store keys it by. */
export function generateUserCode(): string {
  let code = '';
  for (let index = 0; index < LENGTH; index++) {
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return code;
}

/** As people read it: `WDJB-MJHT` (§6.1: a dash splits it into chunks easier to keep in mind). */
export function displayUserCode(code: string): string {
  return `${code.slice(0, LENGTH / 2)}-${code.slice(LENGTH / 2)}`;
}

/**
 * What a person typed, in canonical form, or undefined when it cannot be a user code. §6.1: case, dashes and spaces
 * are ignored, since people add or drop them. Anything else is kept, so a typo is a wrong code rather than a
 * different right one.
 */
export function normalizeUserCode(typed: string): string | undefined {
  if (typed.length > 64) {
    return undefined;
  }
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return CANONICAL.test(code) ? code : undefined;
}
