import { generateKeyPairSync } from 'node:crypto';
import type { ConsumerException } from '../consumer.exception';
import { checkIpRanges } from './check-restrictions';
import { checkRsaKey } from './check-rsa-key';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as ConsumerException).code;
  }
  return 'ok';
}

describe('RSA keys', () => {
  it('accepts an RSA public key and refuses others', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(checkRsaKey(rsa)).toBe(rsa.trim());
    expect(codeOf(() => checkRsaKey(ec))).toBe('invalid_rsa_key');
    expect(codeOf(() => checkRsaKey('not a key'))).toBe('invalid_rsa_key');
  });
});

describe('IP ranges', () => {
  it('accepts addresses and CIDR ranges of both families', () => {
    expect(checkIpRanges(['10.0.0.0/8', '192.0.2.1', '::/0', '2001:db8::/32', '10.0.0.0/8'])).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      '::/0',
      '2001:db8::/32',
    ]);
  });

  it.each(['10.0.0.0/33', 'example.com', '::/129', '10.0.0.0/8/1', '300.1.1.1'])('refuses %s', (range) => {
    expect(codeOf(() => checkIpRanges([range]))).toBe('invalid_restrictions');
  });
});
