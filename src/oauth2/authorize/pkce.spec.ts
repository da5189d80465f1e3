import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type CodeChallengeMethod, isPkceValue, verifierMatches } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('verifierMatches', () => {
  it('accepts the RFC 7636 Appendix B verifier for its S256 challenge', () => {
    expect(verifierMatches(VERIFIER, CHALLENGE, 'S256')).toBe(true);
  });

  it('accepts a plain verifier equal to its challenge', () => {
    expect(verifierMatches(VERIFIER, VERIFIER, 'plain')).toBe(true);
  });

  it('does not mix up the methods', () => {
    expect(verifierMatches(CHALLENGE, CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(VERIFIER, CHALLENGE, 'plain')).toBe(false);
  });

  it('refuses a wrong verifier', () => {
    const wrong = `${VERIFIER.slice(0, -1)}j`;
    expect(verifierMatches(wrong, CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(wrong, VERIFIER, 'plain')).toBe(false);
  });

  it('refuses a verifier that differs only in case', () => {
    expect(verifierMatches(VERIFIER.toUpperCase(), CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(VERIFIER.toUpperCase(), VERIFIER, 'plain')).toBe(false);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a plus sign', `${'a'.repeat(42)}+`],
    ['a slash', `${'a'.repeat(42)}/`],
    ['padding', `${'a'.repeat(42)}=`],
    ['a space', `${'a'.repeat(42)} `],
    ['a trailing newline', `${'a'.repeat(43)}\n`],
    ['a non-ASCII letter', `${'a'.repeat(42)}é`],
    ['nothing at all', ''],
  ])('refuses a verifier with %s, even when the challenge was made from it', (_label, verifier) => {
    expect(verifierMatches(verifier, verifier, 'plain')).toBe(false);
    expect(verifierMatches(verifier, s256(verifier), 'S256')).toBe(false);
  });
});

describe('isPkceValue', () => {
  it('accepts 43 to 128 unreserved characters', () => {
    expect(isPkceValue('a'.repeat(43))).toBe(true);
    expect(isPkceValue('Az09-._~'.repeat(16))).toBe(true);
  });

  it('refuses lengths outside 43 to 128', () => {
    expect(isPkceValue('a'.repeat(42))).toBe(false);
    expect(isPkceValue('a'.repeat(129))).toBe(false);
  });
});

/** Properties (issue 17 item 2) over generated verifiers (RFC 7636 §4.1, §4.6). */
describe('PKCE properties', () => {
  const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  const verifier = fc.string({ unit: fc.constantFrom(...UNRESERVED), minLength: 43, maxLength: 128 });

  it('takes every verifier of 43-128 unreserved characters, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 140 }), (value) => {
        const wellFormed = value.length >= 43 && value.length <= 128 && [...value].every((c) => UNRESERVED.includes(c));
        expect(isPkceValue(value)).toBe(wellFormed);
      }),
      { seed: 1702, numRuns: 1000 },
    );
    fc.assert(
      fc.property(verifier, (value) => {
        expect(isPkceValue(value)).toBe(true);
      }),
      { seed: 1702, numRuns: 300 },
    );
  });

  it('matches a verifier to its own challenge only, for both methods', () => {
    fc.assert(
      fc.property(verifier, verifier, (mine, other) => {
        expect(verifierMatches(mine, s256(mine), 'S256')).toBe(true);
        expect(verifierMatches(mine, mine, 'plain')).toBe(true);
        expect(verifierMatches(mine, s256(mine), 'plain')).toBe(false);
        if (other !== mine) {
          expect(verifierMatches(other, s256(mine), 'S256')).toBe(false);
          expect(verifierMatches(other, mine, 'plain')).toBe(false);
        }
      }),
      { seed: 1702, numRuns: 300 },
    );
  });

  it('never throws on any verifier and challenge a client may send', () => {
    const anything = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(
        anything,
        anything,
        fc.constantFrom<CodeChallengeMethod>('S256', 'plain'),
        (given, challenge, method) => {
          expect(typeof verifierMatches(given, challenge, method)).toBe('boolean');
        },
      ),
      { seed: 1702, numRuns: 1000 },
    );
  });
});
