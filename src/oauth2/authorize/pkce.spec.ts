import { createHash } from 'node:crypto';
import { isPkceValue, verifierMatches } from './pkce';

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
