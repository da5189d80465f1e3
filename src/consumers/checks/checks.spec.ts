import { generateKeyPairSync } from 'node:crypto';
import type { ConsumerException } from '../consumer.exception';
import { checkCallbackUrl } from './check-callback-url';
import { checkIpRanges } from './check-restrictions';
import { checkRsaKey } from './check-rsa-key';

const oauth1 = { oauthVersion: 1 as const, confidential: true, isPrefix: false };
const confidential2 = { oauthVersion: 2 as const, confidential: true, isPrefix: false };
const public2 = { oauthVersion: 2 as const, confidential: false, isPrefix: false };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as ConsumerException).code;
  }
  return 'ok';
}

describe('callback URL rules (reference §2.2)', () => {
  it.each([
    ['https://app.example/callback', oauth1],
    ['http://app.example/callback', oauth1],
    ['https://app.example/callback', confidential2],
    ['http://localhost:8080/cb', confidential2],
    ['http://127.0.0.1/cb', confidential2],
    ['http://dev.localhost/cb', confidential2],
    ['com.example.app:/oauth', public2],
  ])('accepts %s', (url, context) => {
    expect(checkCallbackUrl(url, context)).toEqual([]);
  });

  it.each([
    ['app.example/callback', oauth1],
    ['https://user:pass@app.example/cb', oauth1],
    ['myapp://oauth', oauth1],
    ['com.example.app:/oauth', confidential2],
    ['http://app.example/callback', confidential2],
    [`https://app.example/${'a'.repeat(2000)}`, oauth1],
  ])('refuses %s', (url, context) => {
    expect(codeOf(() => checkCallbackUrl(url, context))).toBe('invalid_callback_url');
  });

  it('warns about bare domains and non-reverse-domain schemes', () => {
    expect(checkCallbackUrl('https://app.example/', confidential2)).toHaveLength(1);
    expect(checkCallbackUrl('https://app.example', { ...oauth1, isPrefix: true })).toEqual([]);
    expect(checkCallbackUrl('myapp://oauth', public2)).toHaveLength(1);
  });
});

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
