import type { ConsumerException } from '../consumer.exception';
import { checkCallbackUrl, isUsableCallback, readCallbackUrl } from './callback-url';

const oauth1 = { oauthVersion: 1 as const, confidential: true, isPrefix: false };
const prefix1 = { ...oauth1, isPrefix: true };
const confidential2 = { oauthVersion: 2 as const, confidential: true, isPrefix: false };
const public2 = { oauthVersion: 2 as const, confidential: false, isPrefix: false };

function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as ConsumerException).code}: ${(error as Error).message}`;
  }
  return 'ok';
}

describe('readCallbackUrl: what no protocol sends a browser to', () => {
  it.each([
    ['https://app.example/cb', 'https://app.example/cb'],
    ['HTTPS://APP.Example:443/a/./b/../cb?x=1', 'https://app.example/a/cb?x=1'],
    ['http://[0:0::1]:80/cb', 'http://[::1]/cb'],
    ['com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect'],
  ])('reads %s as a browser does: %s', (value, serialized) => {
    const reading = readCallbackUrl(value);
    expect('url' in reading && reading.url.href).toBe(serialized);
  });

  it.each([
    ['a newline inside the host (issue 19, row 6)', 'https://accounts.good.example\n.evil.example/cb'],
    ['a carriage return', 'https://good.example\r.evil.example/cb'],
    ['a tab', 'https://good.example/\tcb'],
    ['a leading space', ' https://good.example/cb'],
    ['a trailing space', 'https://good.example/cb '],
    ['an inner space', 'https://good.example/c b'],
    ['a NUL', 'https://good.example/cb\u0000'],
    ['DEL', 'https://good.example/cb\u007f'],
    ['a C1 control', 'https://good.example/cb\u0085'],
    ['a no-break space', 'https://good.example/\u00a0cb'],
    ['a line separator', 'https://good.example/cb\u2028'],
    ['a zero-width space', 'https://good\u200b.example/cb'],
    ['a soft hyphen, which IDNA deletes', 'https://good.exam\u00adple.evil.example/cb'],
    ['a right-to-left override', 'https://good.example/\u202ebc'],
    ['a byte-order mark', '\ufeffhttps://good.example/cb'],
  ])('refuses %s', (_label, value) => {
    expect(readCallbackUrl(value)).toEqual({ refusal: expect.stringContaining('invisible') });
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: in capitals', 'JavaScript://%0aalert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd'],
    ['blob:', 'blob:https://app.example/uuid'],
    ['about:', 'about:blank'],
    ['ftp:', 'ftp://app.example/cb'],
    ['ws:', 'ws://app.example/cb'],
    ['a scheme without a period', 'myapp://oauth'],
    ['a scheme with an empty label', 'com..app:/cb'],
  ])('refuses the scheme %s', (_label, value) => {
    expect(readCallbackUrl(value)).toEqual({ refusal: expect.stringContaining('RFC 8252') });
  });

  it.each([
    ['user and password', 'https://u:p@app.example/cb'],
    ['a user that looks like the host', 'https://app.example@evil.example/cb'],
    ['a port-looking password (CVE-2026-13707)', 'https://app.example:8000@evil.example/cb'],
    ['a user on a private-use scheme', 'com.example.app://user@host/cb'],
  ])('refuses userinfo: %s', (_label, value) => {
    expect(readCallbackUrl(value)).toEqual({ refusal: expect.stringContaining('user name') });
  });

  it.each(['https://app.example/cb#x', 'https://app.example/cb#', 'com.example.app:/cb#x'])(
    'refuses the fragment of %s (RFC 6749 §3.1.2)',
    (value) => {
      expect(readCallbackUrl(value)).toEqual({ refusal: expect.stringContaining('fragment') });
    },
  );

  it('refuses what does not parse, and more than 2000 characters', () => {
    expect(readCallbackUrl('app.example/cb')).toEqual({ refusal: expect.stringContaining('absolute URL') });
    expect(readCallbackUrl('invalid_scheme://oauth')).toEqual({ refusal: expect.stringContaining('absolute URL') });
    expect(readCallbackUrl(`https://app.example/${'a'.repeat(2000)}`)).toEqual({
      refusal: expect.stringContaining('2000'),
    });
  });

  it('tells whether a stored callback may still be used', () => {
    expect(isUsableCallback('https://app.example/cb')).toBe(true);
    expect(isUsableCallback('javascript:alert(1)')).toBe(false);
    expect(isUsableCallback('https://good.example\n.evil.example/cb')).toBe(false);
  });
});

describe('checkCallbackUrl: the registration rules (reference §2.2, RFC 8252 §7)', () => {
  it.each([
    ['https://app.example/callback', oauth1],
    ['http://app.example/callback', oauth1],
    ['https://app.example/callback', confidential2],
    ['http://localhost:8080/cb', confidential2],
    ['http://127.0.0.1/cb', confidential2],
    ['http://[::1]:8080/cb', public2],
    ['http://dev.localhost/cb', confidential2],
    ['com.example.app:/oauth', public2],
    ['com.example.app://oauth/cb', public2],
  ])('accepts %s', (url, rules) => {
    expect(checkCallbackUrl(url, rules)).toEqual({ url, warnings: [] });
  });

  it('answers the serialized form, which is what gets stored and shown', () => {
    expect(checkCallbackUrl('HTTPS://App.Example:443/a/../cb', confidential2).url).toBe('https://app.example/cb');
    expect(checkCallbackUrl('https://tool.example', prefix1).url).toBe('https://tool.example/');
  });

  it.each([
    ['app.example/callback', oauth1],
    ['https://user:pass@app.example/cb', oauth1],
    ['https://app.example/cb#top', confidential2],
    ['com.example.app:/oauth', oauth1],
    ['com.example.app:/oauth', confidential2],
    ['myapp://oauth', public2],
    ['http://app.example/callback', confidential2],
    ['http://app.example/callback', public2],
    ['http://127.0.0.1.evil.example/cb', public2],
    ['http://localhost.evil.example/cb', public2],
    ['https://accounts.good.example\n.evil.example/cb', confidential2],
    ['https://accounts.good.example\n.evil.example/cb', oauth1],
    [`https://app.example/${'a'.repeat(2000)}`, oauth1],
  ])('refuses %j', (url, rules) => {
    expect(refusalOf(() => checkCallbackUrl(url, rules))).toMatch(/^invalid_callback_url: /);
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'vbscript:msgbox(1)', 'file:///etc/passwd'])(
    'refuses %s for every kind of client (issue 19, row 5)',
    (url) => {
      for (const rules of [oauth1, prefix1, confidential2, public2]) {
        expect(refusalOf(() => checkCallbackUrl(url, rules))).toMatch(/^invalid_callback_url: /);
      }
    },
  );

  it('warns about bare domains, except for OAuth 1 prefixes', () => {
    expect(checkCallbackUrl('https://app.example/', confidential2).warnings).toHaveLength(1);
    expect(checkCallbackUrl('https://app.example', oauth1).warnings).toHaveLength(1);
    expect(checkCallbackUrl('https://app.example', prefix1).warnings).toEqual([]);
    expect(checkCallbackUrl('https://app.example/?x=1', confidential2).warnings).toEqual([]);
  });
});
