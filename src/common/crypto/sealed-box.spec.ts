import { SealedBox } from './sealed-box';

describe('SealedBox', () => {
  it('opens what it sealed, and the sealed text does not contain the value', () => {
    const box = new SealedBox('server-key', 'test');
    const sealed = box.seal('client-secret-0123');
    expect(sealed).not.toContain('client-secret');
    expect(box.open(sealed)).toBe('client-secret-0123');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed with another server key or purpose, or tampered with', () => {
    const sealed = new SealedBox('server-key', 'test').seal('value');
    expect(new SealedBox('other-key', 'test').open(sealed)).toBeUndefined();
    expect(new SealedBox('server-key', 'other').open(sealed)).toBeUndefined();
    const tampered = Buffer.from(sealed, 'base64url');
    tampered[tampered.length - 1] ^= 1;
    expect(new SealedBox('server-key', 'test').open(tampered.toString('base64url'))).toBeUndefined();
    expect(new SealedBox('server-key', 'test').open('short')).toBeUndefined();
  });
});
