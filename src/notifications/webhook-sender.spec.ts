import { signatureOf } from './webhook-sender';

describe('signatureOf', () => {
  it('is the hex HMAC-SHA256 of the exact body (RFC 4231 test case 2)', () => {
    expect(signatureOf('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
