import { checkTimestamp, TIMESTAMP_WINDOW_SECONDS } from './check-timestamp';
import { nonceKey, nonceTtlSeconds } from './nonce-key';
import { ParameterRejectedError, TimestampRefusedError } from './oauth1-errors';

const NOW = 1_795_425_859;

describe('checkTimestamp (RFC 5849 §3.3)', () => {
  it('is ±300 s by default, as in MediaWiki', () => {
    expect(TIMESTAMP_WINDOW_SECONDS).toBe(300);
  });

  it.each([0, -300, 300, -299, 299])('accepts now %+d s', (offset) => {
    expect(checkTimestamp(String(NOW + offset), NOW)).toBe(NOW + offset);
  });

  it.each([-301, 301, -36_000, 36_000])('refuses now %+d s with 401 timestamp_refused', (offset) => {
    const check = () => checkTimestamp(String(NOW + offset), NOW);
    expect(check).toThrow(TimestampRefusedError);
    expect(check).toThrow(
      expect.objectContaining({
        problem: 'timestamp_refused',
        status: 401,
        acceptable: { min: NOW - 300, max: NOW + 300 },
      }),
    );
  });

  it("uses MediaWiki's message, with whole seconds for the server's clock", () => {
    expect(() => checkTimestamp('137131200', NOW + 0.75)).toThrow(`Expired timestamp, yours 137131200, ours ${NOW}`);
  });

  it('takes another window and a fractional clock', () => {
    expect(checkTimestamp(String(NOW - 600), NOW, 600)).toBe(NOW - 600);
    expect(() => checkTimestamp(String(NOW - 601), NOW, 600)).toThrow(TimestampRefusedError);
    expect(() => checkTimestamp(String(NOW - 300), NOW + 0.5)).toThrow(TimestampRefusedError);
  });

  it('refuses a timestamp too large to be a date as out of the window', () => {
    expect(() => checkTimestamp('9'.repeat(400), NOW)).toThrow(TimestampRefusedError);
  });

  it.each([
    '',
    'abc',
    `${NOW}a`,
    `a${NOW}`,
    ` ${NOW}`,
    `${NOW} `,
    `+${NOW}`,
    `-${NOW}`,
    '1.795425859e9',
    `${NOW}.0`,
    '0x6B03A2C3',
    '0',
    `0${NOW}`,
    '１２３',
  ])('refuses the malformed timestamp %j with 400 parameter_rejected', (timestamp) => {
    const check = () => checkTimestamp(timestamp, NOW);
    expect(check).toThrow(ParameterRejectedError);
    expect(check).toThrow(expect.objectContaining({ parameters: ['oauth_timestamp'], status: 400 }));
  });
});

describe('nonceKey', () => {
  it('is one key per (consumer key, token key, nonce)', () => {
    const key = nonceKey('consumer', 'token', 'nonce');
    expect(nonceKey('consumer', 'token', 'nonce')).toBe(key);
    expect(nonceKey('other', 'token', 'nonce')).not.toBe(key);
    expect(nonceKey('consumer', 'other', 'nonce')).not.toBe(key);
    expect(nonceKey('consumer', 'token', 'other')).not.toBe(key);
    expect(nonceKey('consumer', undefined, 'nonce')).not.toBe(key);
  });

  it('treats an absent and an empty token alike (both mean "no token", RFC 5849 §2.1)', () => {
    expect(nonceKey('consumer', undefined, 'nonce')).toBe(nonceKey('consumer', '', 'nonce'));
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(nonceKey('a&b', 'c', 'n')).not.toBe(nonceKey('a', 'b&c', 'n'));
    expect(nonceKey('a:b', 'c', 'n')).not.toBe(nonceKey('a', 'b:c', 'n'));
  });

  it('has a fixed length and shows neither the nonce nor any secret (reference §1.4, T308861)', () => {
    const key = nonceKey('349e29ed28d382780b44074bf01b2f1b', 'c901bf51c1430c8d9b2008d9175c6b9c', 'x'.repeat(10_000));
    expect(key).toMatch(/^oauth1:nonce:[0-9a-f]{64}$/);
  });
});

describe('nonceTtlSeconds', () => {
  it('lasts until the timestamp leaves the window', () => {
    expect(nonceTtlSeconds(NOW, NOW)).toBe(300);
    expect(nonceTtlSeconds(NOW - 100, NOW)).toBe(200);
    expect(nonceTtlSeconds(NOW + 300, NOW)).toBe(600);
    expect(nonceTtlSeconds(NOW, NOW + 0.25)).toBe(299.75);
    expect(nonceTtlSeconds(NOW, NOW, 600)).toBe(600);
  });

  it('is at least one second', () => {
    expect(nonceTtlSeconds(NOW - 300, NOW)).toBe(1);
    expect(nonceTtlSeconds(NOW - 299.5, NOW)).toBe(1);
    expect(nonceTtlSeconds(NOW - 10_000, NOW)).toBe(1);
  });
});
