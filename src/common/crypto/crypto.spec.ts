import { constantTimeEquals, hmacSha1Hex, randomHex, sha256Hex } from './crypto';

describe('crypto helpers', () => {
  it('makes random lowercase hex of the asked size', () => {
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex(40)).toMatch(/^[0-9a-f]{80}$/);
    expect(randomHex(16)).not.toBe(randomHex(16));
  });

  it('never hands out the same random bytes twice, across refills of its pool and past its size', () => {
    // 4 096 bytes a pool: 600 ids of 40 bytes refill it several times, and one id is larger than a pool.
    const ids = Array.from({ length: 600 }, () => randomHex(40));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{80}$/.test(id))).toBe(true);
    expect(randomHex(5000)).toMatch(/^[0-9a-f]{10000}$/);
  });

  it('derives secrets as MediaWiki does (hex HMAC-SHA1, message = stored value, key = server key)', () => {
    // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?"
    expect(hmacSha1Hex('what do ya want for nothing?', 'Jefe')).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares in constant time, also across lengths', () => {
    expect(constantTimeEquals('secret', 'secret')).toBe(true);
    expect(constantTimeEquals('secret', 'secreT')).toBe(false);
    expect(constantTimeEquals('secret', 'secret1')).toBe(false);
    expect(constantTimeEquals('', '')).toBe(true);
  });
});
