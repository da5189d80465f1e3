import fc from 'fast-check';
import { callbackUnderPrefix, redirectUriMatches, tokenRedirectUriMatches } from './callback-match';
import { readCallbackUrl } from './callback-url';

const REGISTERED = 'https://app.example/cb';

describe('redirectUriMatches (OAuth 2, RFC 9700 §4.1.3)', () => {
  it('accepts the registered URI exactly', () => {
    expect(redirectUriMatches(REGISTERED, REGISTERED)).toBe(true);
    expect(redirectUriMatches('https://app.example/cb?tenant=1', 'https://app.example/cb?tenant=1')).toBe(true);
    expect(redirectUriMatches('com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect')).toBe(true);
  });

  it('accepts an empty path written with or without its slash (RFC 3986 §6.2.3)', () => {
    expect(redirectUriMatches('https://app.example/', 'https://app.example')).toBe(true);
    expect(redirectUriMatches('https://app.example/?x=1', 'https://app.example?x=1')).toBe(true);
    expect(redirectUriMatches('https://app.example/', 'https://app.example/')).toBe(true);
  });

  it('compares with the serialized form of a callback stored before serialization', () => {
    expect(redirectUriMatches('https://app.example', 'https://app.example/')).toBe(true);
    expect(redirectUriMatches('HTTPS://App.Example/cb', 'https://app.example/cb')).toBe(true);
    expect(redirectUriMatches('HTTPS://App.Example/cb', 'HTTPS://App.Example/cb')).toBe(false);
  });

  it.each([
    ['an extra path segment', 'https://app.example/cb/more'],
    ['a longer last segment', 'https://app.example/cbx'],
    ['a case change in the path', 'https://app.example/CB'],
    ['a case change in the host', 'https://APP.example/cb'],
    ['a case change in the scheme', 'HTTPS://app.example/cb'],
    ['a trailing dot on the host', 'https://app.example./cb'],
    ['an added query', 'https://app.example/cb?next=https://evil.example'],
    ['an empty query', 'https://app.example/cb?'],
    ['a fragment', 'https://app.example/cb#frag'],
    ['an empty fragment', 'https://app.example/cb#'],
    ['userinfo', 'https://app.example@evil.example/cb'],
    ['empty userinfo', 'https://@app.example/cb'],
    ['a dot-dot traversal back to the path', 'https://app.example/x/../cb'],
    ['a dot-dot traversal out of the path', 'https://app.example/cb/../evil'],
    ['an encoded dot-dot', 'https://app.example/x/%2e%2e/cb'],
    ['a dot segment', 'https://app.example/./cb'],
    ['a backslash', 'https://app.example\\cb'],
    ['a percent-encoded path', 'https://app.example/%63b'],
    ['an encoded slash', 'https://app.example/cb%2F..%2Fevil'],
    ['a trailing slash', 'https://app.example/cb/'],
    ['another port', 'https://app.example:8443/cb'],
    ['the default port spelled out', 'https://app.example:443/cb'],
    ['another scheme', 'http://app.example/cb'],
    ['a suffix on the host', 'https://app.example.evil.example/cb'],
    ['a scheme-relative URI', '//app.example/cb'],
    ['surrounding white space', ' https://app.example/cb'],
    ['a newline', 'https://app.example\n/cb'],
    ['a tab', 'https://app.example/\tcb'],
    ['a NUL', 'https://app.example/cb\u0000'],
  ])('refuses %s', (_label, offered) => {
    expect(redirectUriMatches(REGISTERED, offered)).toBe(false);
  });

  it('refuses an authority hidden behind userinfo', () => {
    expect(redirectUriMatches('https://good', 'https://good@evil')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://attacker@127.0.0.1/cb')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:80@evil.example/cb')).toBe(false);
  });

  it('refuses a fragment even when the registered URI holds the same one', () => {
    expect(redirectUriMatches('https://app.example/cb#x', 'https://app.example/cb#x')).toBe(false);
  });

  it('refuses everything when nothing usable is registered', () => {
    expect(redirectUriMatches('', '')).toBe(false);
    expect(redirectUriMatches('', 'http://127.0.0.1/cb')).toBe(false);
    expect(redirectUriMatches('javascript:alert(1)', 'javascript:alert(1)')).toBe(false);
    expect(redirectUriMatches('https://good.example\n.evil.example/cb', 'https://good.example.evil.example/cb')).toBe(
      false,
    );
  });

  describe('http loopback IP literals (RFC 8252 §7.3)', () => {
    it.each([
      ['http://127.0.0.1/cb', 'http://127.0.0.1:51234/cb'],
      ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:51234/cb'],
      ['http://127.0.0.1:8080/cb', 'http://127.0.0.1/cb'],
      ['http://[::1]/cb', 'http://[::1]:51234/cb'],
      ['http://[::1]:8080/cb', 'http://[::1]:1/cb'],
      ['http://127.0.0.1:8080/cb?app=x', 'http://127.0.0.1:65535/cb?app=x'],
      ['http://127.0.0.1:8080', 'http://127.0.0.1:9090'],
    ])('lets %s receive codes at %s', (registered, offered) => {
      expect(redirectUriMatches(registered, offered)).toBe(true);
    });

    it.each([
      ['another path', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/other'],
      ['an extra path segment', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb/more'],
      ['a dot-dot traversal', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/x/../cb'],
      ['a percent-encoded path', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/%63b'],
      ['a trailing slash', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb/'],
      ['an added query', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb?x=1'],
      ['another query', 'http://127.0.0.1:8080/cb?app=x', 'http://127.0.0.1:9090/cb?app=y'],
      ['a fragment', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb#x'],
      ['userinfo', 'http://127.0.0.1:8080/cb', 'http://user@127.0.0.1:9090/cb'],
      ['the other loopback address', 'http://127.0.0.1:8080/cb', 'http://[::1]:8080/cb'],
      ['another loopback address', 'http://127.0.0.1:8080/cb', 'http://127.0.0.2:9090/cb'],
      ['another spelling of the address', 'http://127.0.0.1:8080/cb', 'http://0x7f.1:9090/cb'],
      ['a long IPv6 spelling', 'http://[::1]:8080/cb', 'http://[0:0:0:0:0:0:0:1]:9090/cb'],
      ['localhost (RFC 8252 §8.3)', 'http://localhost:8080/cb', 'http://localhost:9090/cb'],
      ['localhost for an IP literal', 'http://127.0.0.1:8080/cb', 'http://localhost:8080/cb'],
      ['https', 'https://127.0.0.1:8443/cb', 'https://127.0.0.1:9443/cb'],
      ['https for http', 'http://127.0.0.1:8080/cb', 'https://127.0.0.1:9090/cb'],
      ['an upper-case scheme', 'http://127.0.0.1:8080/cb', 'HTTP://127.0.0.1:9090/cb'],
      ['an empty port', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:/cb'],
      ['the default port spelled out', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:80/cb'],
    ])('refuses %s', (_label, registered, offered) => {
      expect(redirectUriMatches(registered, offered)).toBe(false);
    });

    it('keeps the exact port of a localhost callback', () => {
      expect(redirectUriMatches('http://localhost:8080/cb', 'http://localhost:8080/cb')).toBe(true);
    });
  });
});

describe('tokenRedirectUriMatches (RFC 6749 §4.1.3)', () => {
  const given = { redirectUri: 'http://127.0.0.1:51234/cb', redirectUriGiven: true };
  const implied = { redirectUri: REGISTERED, redirectUriGiven: false };

  it('needs the very string of the authorization request when it carried one', () => {
    expect(tokenRedirectUriMatches(given, 'http://127.0.0.1:51234/cb')).toBe(true);
    expect(tokenRedirectUriMatches(given, undefined)).toBe(false);
    expect(tokenRedirectUriMatches(given, 'http://127.0.0.1:51235/cb')).toBe(false);
    expect(tokenRedirectUriMatches(given, 'http://127.0.0.1:51234/cb/')).toBe(false);
  });

  it('takes none, or the registered one, when the authorization request carried none', () => {
    expect(tokenRedirectUriMatches(implied, undefined)).toBe(true);
    expect(tokenRedirectUriMatches(implied, REGISTERED)).toBe(true);
    expect(tokenRedirectUriMatches(implied, 'https://app.example/other')).toBe(false);
  });
});

describe('callbackUnderPrefix (OAuth 1 prefix consumers)', () => {
  /** Reference Appendix A.5, the prefix-mode rows MediaWiki accepts. */
  it.each([
    ['https://host', 'https://host', 'https://host/'],
    ['http://host', 'https://host', 'https://host/'],
    ['https://host:1234', 'https://host:1234', 'https://host:1234/'],
    ['http://host:1234', 'https://host:1234', 'https://host:1234/'],
    ['https://host:1', 'https://host:1234', 'https://host:1234/'],
    ['https://host:1', 'https://host', 'https://host/'],
    ['https://host', 'https://host/path?query', 'https://host/path?query'],
    ['http://host', 'https://host/path?query', 'https://host/path?query'],
    ['https://host/path', 'https://host/path?query', 'https://host/path?query'],
    ['https://host/path?query', 'https://host/path?query', 'https://host/path?query'],
    ['https://host/path', 'https://host/path/dir2', 'https://host/path/dir2'],
    ['https://host/path?query', 'https://host/path?query&more', 'https://host/path?query&more'],
  ])('accepts %s ← %s, as %s', (registered, supplied, serialized) => {
    expect(callbackUnderPrefix(registered, supplied)).toBe(serialized);
  });

  /** Reference Appendix A.5, the rows MediaWiki refuses, and more. */
  it.each([
    ['https://host', 'https://host:1234'],
    ['https://host:4321', 'https://host:1234'],
    ['https://host:80', 'https://host:8099'],
    ['https://host', 'https://host:1'],
    ['https://host/path', 'https://host:1234/path'],
    ['https://host/path?query', 'https://host/path'],
    ['https://host:8000', 'https://host:8000@evil.com'],
    ['https://host', 'https://hosting'],
    ['https://host', 'https://host.evil.example'],
    ['https://host', 'http://host'],
    ['https://host', 'https://user@host/'],
    ['https://host', 'not a url'],
    ['https://host', 'oob'],
    ['https://host', 'javascript:alert(1)'],
    ['https://host', 'https://host/#x'],
    ['https://host/cb', 'https://host/cb#x'],
  ])('refuses %s ← %s', (registered, supplied) => {
    expect(callbackUnderPrefix(registered, supplied)).toBeUndefined();
  });

  it('takes `/` and no path as the same path, since a browser does', () => {
    expect(callbackUnderPrefix('https://host/', 'https://host')).toBe('https://host/');
  });

  it('compares scheme, host and default port after normalization', () => {
    expect(callbackUnderPrefix('https://host/cb', 'HTTPS://HOST:443/cb/x')).toBe('https://host/cb/x');
    expect(callbackUnderPrefix('https://HOST:443/cb', 'https://host/cb')).toBe('https://host/cb');
    expect(callbackUnderPrefix('https://host/cb', 'https://host./cb')).toBeUndefined();
  });

  describe('the path stays under the prefix as a browser resolves it (issue 19, row 7)', () => {
    it.each([
      ['dot-dot segments', 'http://host/cb/../../evil'],
      ['encoded dot-dot segments', 'http://host/cb/%2e%2e/%2e%2e/evil'],
      ['capital encoded dot-dot segments', 'http://host/cb/%2E%2E/evil'],
      ['half-encoded dot-dot segments', 'http://host/cb/.%2e/evil'],
      ['backslashes', 'http://host/cb\\..\\..\\evil'],
      ['a backslash for the segment boundary', 'http://host/cb\\..\\evil'],
      ['an encoded slash after dot-dot', 'http://host/cb/..%2fevil'],
      ['an encoded backslash after dot-dot', 'http://host/cb/..%5Cevil'],
      ['fully encoded dot-dot and slash', 'http://host/cb/%2e%2e%2fevil'],
      ['a dot-dot with a path parameter', 'http://host/cb/..;/evil'],
      ['a dot with a path parameter', 'http://host/cb/.;/x'],
      ['a longer segment', 'http://host/cbx'],
      ['a longer segment with traversal', 'http://host/cbevil/../cb2'],
      ['another case', 'http://host/CB/x'],
      ['an encoded first letter', 'http://host/%63b/x'],
    ])('refuses %s', (_label, supplied) => {
      expect(callbackUnderPrefix('http://host/cb', supplied)).toBeUndefined();
    });

    it('refuses traversal out of a prefix that ends with a slash, too', () => {
      expect(callbackUnderPrefix('http://host/cb/', 'http://host/cb/../evil')).toBeUndefined();
      expect(callbackUnderPrefix('http://host/cb/', 'http://host/cb/%2e%2e%2fevil')).toBeUndefined();
      expect(callbackUnderPrefix('http://host/cb/', 'http://host/cb/x')).toBe('http://host/cb/x');
    });

    it('accepts dot segments that stay under the prefix, answering the resolved path', () => {
      expect(callbackUnderPrefix('http://host/cb', 'http://host/cb/a/../b')).toBe('http://host/cb/b');
      expect(callbackUnderPrefix('http://host/cb', 'http://host/cb/./x')).toBe('http://host/cb/x');
      expect(callbackUnderPrefix('http://host/cb', 'http://host/cb\\x')).toBe('http://host/cb/x');
      expect(callbackUnderPrefix('http://host/cb', 'http://host/cb/a..b/.x')).toBe('http://host/cb/a..b/.x');
    });
  });

  it('continues a registered query only after a parameter boundary', () => {
    expect(callbackUnderPrefix('https://host/cb?tenant=1', 'https://host/cb?tenant=1&x=2')).toBe(
      'https://host/cb?tenant=1&x=2',
    );
    expect(callbackUnderPrefix('https://host/cb?tenant=1&', 'https://host/cb?tenant=1&x=2')).toBe(
      'https://host/cb?tenant=1&x=2',
    );
    expect(callbackUnderPrefix('https://host/cb?tenant=1', 'https://host/cb?tenant=12')).toBeUndefined();
    expect(callbackUnderPrefix('https://host/cb?tenant=1', 'https://host/cb/x?tenant=1')).toBeUndefined();
  });

  it('refuses hidden characters in the supplied callback (issue 19, row 6)', () => {
    expect(callbackUnderPrefix('https://good.example', 'https://good.example\n.evil.example/cb')).toBeUndefined();
    expect(callbackUnderPrefix('https://host/cb', 'https://host/cb/\tx')).toBeUndefined();
  });

  it('refuses everything under a registered callback that may not be used', () => {
    expect(callbackUnderPrefix('https://good.example\n.evil.example', 'https://good.example.evil.example/')).toBe(
      undefined,
    );
    expect(callbackUnderPrefix('', 'https://host/')).toBeUndefined();
  });
});

/** Properties (issue 17 item 2) over generated URLs and the spellings an attacker tries. */
describe('redirect URI properties (RFC 6749 §3.1.2.3, RFC 9700 §4.1.3)', () => {
  const registered = fc
    .webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true })
    .map((raw) => new URL(raw).href)
    .filter((href) => !('refusal' in readCallbackUrl(href)) && !/^http:\/\/(127\.0\.0\.1|\[::1\])[:/]/.test(href));
  /** What an attacker sends instead: case, encoding, dot segments, user info, suffixes, ports, separators. */
  const variant = (href: string) =>
    fc.oneof(
      fc.constant(href.toUpperCase()),
      fc.constant(href.replace('://', '://evil.example@')),
      fc.constant(href.replace(/(:\/\/[^/]+)/, '$1:443')),
      fc.constant(href.replace(/(:\/\/[^/]+)/, '$1.')),
      fc.constant(href.replace(/(:\/\/[^/]+)\//, '$1/./')),
      fc.constant(href.replace(/(:\/\/[^/]+)\//, '$1/x/../')),
      fc.constant(href.replace(/(:\/\/[^/]+)\//, '$1/%2e/')),
      fc.constant(href.replace(/(:\/\/[^/]+)\//, '$1\\')),
      fc.constant(href.replace(/^http/, 'HTTP')),
      fc.string({ maxLength: 8 }).map((suffix) => href + suffix),
      fc.string({ maxLength: 8 }).map((prefix) => prefix + href),
    );

  it('matches every registered URI to itself', () => {
    fc.assert(
      fc.property(registered, (href) => {
        expect(redirectUriMatches(href, href)).toBe(true);
      }),
      { seed: 1702, numRuns: 300 },
    );
  });

  it('matches no other spelling but the same URI without the / of an empty path', () => {
    fc.assert(
      fc.property(
        registered.chain((href) => fc.tuple(fc.constant(href), variant(href))),
        ([href, offered]) => {
          if (redirectUriMatches(href, offered)) {
            expect([href, href.replace(/^([a-z]+:\/\/[^/]+)\/(?=\?|$)/, '$1')]).toContain(offered);
          }
        },
      ),
      { seed: 1702, numRuns: 1000 },
    );
  });

  it('answers any text without throwing, and prefix matches stay on the prefix host and path', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.webUrl().map((url) => url + '/..%2f'),
    );
    fc.assert(
      fc.property(registered, anyText, (prefix, supplied) => {
        expect(typeof redirectUriMatches(prefix, supplied)).toBe('boolean');
        const under = callbackUnderPrefix(prefix, supplied);
        if (under !== undefined) {
          const base = new URL(prefix);
          const url = new URL(under);
          expect(url.hostname).toBe(base.hostname);
          expect(url.pathname.startsWith(base.pathname)).toBe(true);
        }
      }),
      { seed: 1702, numRuns: 1000 },
    );
  });
});
