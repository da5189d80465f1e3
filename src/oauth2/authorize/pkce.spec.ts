import { isPkceValue, verifierMatches } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeUI8k7KXhg8bRNmYmjY';

describe('verifierMatches', () => {
  it('accepts the RFC 7636 Appendix B verifier for its S256 challenge', () => {
    expect(verifierMatches(VERIFIER, CHALLENGE, 'S256')).toBe(true);
  });

  it('accepts a plain verifier equal to its challenge', () => {
    expect(verifierMatches(VERIFIER, VERIFIER, 'plain')).toBe(true);
  });

  it('does not take an S256 challenge as a plain one, nor a verifier as its own S256 challenge', () => {
    expect(verifierMatches(CHALLENGE, CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(VERIFIER, CHALLENGE, 'plain')).toBe(false);
  });

  it('refuses a wrong verifier', () => {
    const wrong = `${VERIFIER.slice(0, -1)}j`;
    expect(verifierMatches(wrong, CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(wrong, VERIFIER, 'plain')).toBe(false);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a plus sign', `${'a'.repeat(42)}+`],
    ['a slash', `${'a'.repeat(42)}/`],
    ['padding', `${'a'.repeat(42)}=`],
    ['a space', `${'a'.repeat(42)} `],
    ['a non-ASCII letter', `${'a'.repeat(42)}é`],
    ['nothing', ''],
  ])('refuses a verifier with %s, even when it equals a plain challenge', (_label, verifier) => {
    expect(verifierMatches(verifier, verifier, 'plain')).toBe(false);
    const challenge = require('node:crypto').createHash('sha256').update(verifier).digest('base64url') as string;
    expect(verifierMatches(verifier, challenge, 'S256')).toBe(false);
  });
});

describe('isPkceValue', () => {
  it('accepts 43 to 128 unreserved characters', () => {
    expect(isPkceValue('a'.repeat(43))).toBe(true);
    expect(isPkceValue('A-._~z'.repeat(21) + '09')).toBe(true);
    expect(isPkceValue('a'.repeat(128))).toBe(true);
  });

  it('refuses lengths outside 43 to 128', () => {
    expect(isPkceValue('a'.repeat(42))).toBe(false);
    expect(isPkceValue('a'.repeat(129))).toBe(false);
  });

  it('refuses a value followed by a newline', () => {
    expect(isPkceValue(`${'a'.repeat(43)}\n`)).toBe(false);
  });
});
