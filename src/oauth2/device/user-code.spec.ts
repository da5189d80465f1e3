import { displayUserCode, generateUserCode, normalizeUserCode } from './user-code';

describe('user codes (RFC 8628 §6.1)', () => {
  it('are 8 upper-case consonants, no vowels', () => {
    for (let round = 0; round < 200; round++) {
      expect(generateUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    }
  });

  it('differ from one another', () => {
    const codes = new Set(Array.from({ length: 100 }, () => generateUserCode()));
    expect(codes.size).toBe(100);
  });

  it('are shown in two chunks of four', () => {
    expect(displayUserCode('WDJBMJHT')).toBe('WDJB-MJHT');
  });

  it('ignore case, dashes and spaces when typed', () => {
    for (const typed of ['WDJB-MJHT', 'wdjb-mjht', 'WdJb MjHt', ' wdjbmjht ', 'W-D-J-B-M-J-H-T']) {
      expect(normalizeUserCode(typed)).toBe('WDJBMJHT');
    }
  });

  it('refuse what cannot be a code', () => {
    for (const typed of [
      '',
      'WDJB-MJH',
      'WDJB-MJHTX',
      'WDJB-MJHA',
      'WDJB_MJHT',
      'WDJB-MJH7',
      `${'-'.repeat(60)}WDJBMJHT`,
    ]) {
      expect(normalizeUserCode(typed)).toBeUndefined();
    }
  });
});
