import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with scrypt and a fresh salt, and verifies', async () => {
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    await expect(hasher.verify('correct horse battery staple', first)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapl', first)).resolves.toBe(false);
  });

  it('answers every one of a burst of checks, a few derivations at a time', async () => {
    const stored = await hasher.hash('burst');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? hasher.verify('burst', stored) : hasher.verifyNothing('burst'))),
    );
    expect(answers).toEqual([false, true, false, true, false, true]);
  });

  it('refuses malformed stored values', async () => {
    await expect(hasher.verify('x', 'plaintext')).resolves.toBe(false);
    await expect(hasher.verifyNothing('x')).resolves.toBe(false);
  });
});
