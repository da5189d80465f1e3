import { newRecoveryCodes, normalizedRecoveryCode, recoveryCodeHash } from './recovery-codes';

describe('recovery codes', () => {
  it('hands out ten distinct codes that are easy to read and type', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    }
  });

  it('reads a code without case, spaces or dashes, and keeps only a keyed hash of it', () => {
    expect(normalizedRecoveryCode(' K7M2P - X9QRT ')).toBe('k7m2px9qrt');
    const hash = recoveryCodeHash('k7m2p-x9qrt', 'k'.repeat(32));
    expect(hash).toBe(recoveryCodeHash('K7M2P X9QRT', 'k'.repeat(32)));
    expect(hash).not.toBe(recoveryCodeHash('k7m2p-x9qrt', 'x'.repeat(32)));
    expect(hash).not.toContain('k7m2p');
  });
});
