import { redirectUriMatches } from './redirect-uri';

const REGISTERED = 'https://app.example/cb';

describe('redirectUriMatches', () => {
  it('accepts the registered URI exactly', () => {
    expect(redirectUriMatches(REGISTERED, REGISTERED)).toBe(true);
    expect(redirectUriMatches('https://app.example/cb?tenant=1', 'https://app.example/cb?tenant=1')).toBe(true);
  });

  it.each([
    ['an extra path segment', 'https://app.example/cb/more'],
    ['a longer last segment', 'https://app.example/cbx'],
    ['a case change in the path', 'https://app.example/CB'],
    ['a case change in the host', 'https://APP.example/cb'],
    ['an added query', 'https://app.example/cb?next=https://evil.example'],
    ['an empty query', 'https://app.example/cb?'],
    ['a fragment', 'https://app.example/cb#frag'],
    ['an empty fragment', 'https://app.example/cb#'],
    ['userinfo', 'https://app.example@evil.example/cb'],
    ['a dot-dot traversal', 'https://app.example/cb/../cb'],
    ['a dot segment', 'https://app.example/./cb'],
    ['a percent-encoded path', 'https://app.example/%63b'],
    ['a trailing slash', 'https://app.example/cb/'],
    ['another port', 'https://app.example:8443/cb'],
    ['the default port spelled out', 'https://app.example:443/cb'],
    ['another scheme', 'http://app.example/cb'],
    ['a suffix on the host', 'https://app.example.evil.example/cb'],
    ['surrounding white space', ' https://app.example/cb'],
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

  it('refuses everything when nothing is registered', () => {
    expect(redirectUriMatches('', '')).toBe(false);
    expect(redirectUriMatches('', 'http://127.0.0.1/cb')).toBe(false);
  });

  describe('http loopback IP literals (RFC 8252 §7.3)', () => {
    it.each([
      ['http://127.0.0.1/cb', 'http://127.0.0.1:51234/cb'],
      ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:51234/cb'],
      ['http://127.0.0.1:8080/cb', 'http://127.0.0.1/cb'],
      ['http://[::1]/cb', 'http://[::1]:51234/cb'],
      ['http://[::1]:8080/cb', 'http://[::1]:1/cb'],
      ['http://127.0.0.1:8080/cb?app=x', 'http://127.0.0.1:65535/cb?app=x'],
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
      ['localhost', 'http://localhost:8080/cb', 'http://localhost:9090/cb'],
      ['localhost for an IP literal', 'http://127.0.0.1:8080/cb', 'http://localhost:8080/cb'],
      ['https', 'https://127.0.0.1:8443/cb', 'https://127.0.0.1:9443/cb'],
      ['https for http', 'http://127.0.0.1:8080/cb', 'https://127.0.0.1:9090/cb'],
      ['an upper-case scheme', 'http://127.0.0.1:8080/cb', 'HTTP://127.0.0.1:9090/cb'],
      ['an empty port', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:/cb'],
    ])('refuses %s', (_label, registered, offered) => {
      expect(redirectUriMatches(registered, offered)).toBe(false);
    });
  });
});
