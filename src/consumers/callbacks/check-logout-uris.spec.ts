import type { ConsumerException } from '../consumer.exception';
import { checkLogoutUris } from './check-logout-uris';

const confidential2 = { oauthVersion: 2 as const, confidential: true, ownerOnly: false };
const public2 = { ...confidential2, confidential: false };

function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as ConsumerException).code}: ${(error as Error).message}`;
  }
  return 'ok';
}

describe('checkLogoutUris: the OpenID Connect logout URIs a consumer registers', () => {
  it('answers none when none are given, for every kind of consumer', () => {
    const none = { postLogoutRedirectUris: [], backchannelLogoutUri: null };
    expect(checkLogoutUris({}, confidential2)).toEqual(none);
    expect(checkLogoutUris({}, { oauthVersion: 1, confidential: true, ownerOnly: false })).toEqual(none);
    expect(checkLogoutUris({}, { ...confidential2, ownerOnly: true })).toEqual(none);
  });

  it('stores both serialized, and each post-logout URI once', () => {
    const uris = checkLogoutUris(
      {
        postLogoutRedirectUris: [
          'HTTPS://App.Example:443/a/../bye',
          'https://app.example/bye',
          'http://localhost:3000/',
        ],
        backchannelLogoutUri: 'HTTPS://App.Example/logout?from=op',
      },
      confidential2,
    );
    expect(uris).toEqual({
      postLogoutRedirectUris: ['https://app.example/bye', 'http://localhost:3000/'],
      backchannelLogoutUri: 'https://app.example/logout?from=op',
    });
  });

  it('lets a public client come back to its private-use scheme, as with its redirect URI (RFC 8252 §7.1)', () => {
    expect(
      checkLogoutUris({ postLogoutRedirectUris: ['com.example.app:/bye'] }, public2).postLogoutRedirectUris,
    ).toEqual(['com.example.app:/bye']);
  });

  it.each([
    ['a relative URI', 'app.example/bye', confidential2, /^postLogoutRedirectUris\[1\] must be an absolute URL/],
    [
      'a fragment',
      'https://app.example/bye#top',
      confidential2,
      /^postLogoutRedirectUris\[1\] must not carry a fragment/,
    ],
    ['a user name', 'https://u:p@app.example/bye', confidential2, /^postLogoutRedirectUris\[1\] must not carry a user/],
    [
      'hidden characters',
      'https://good.example\n.evil.example/',
      confidential2,
      /^postLogoutRedirectUris\[1\] .*invisible/,
    ],
    ['javascript:', 'javascript:alert(1)', public2, /^postLogoutRedirectUris\[1\] must use https/],
    ['plain http to a remote host', 'http://app.example/bye', confidential2, /^postLogoutRedirectUris\[1\]: Non-local/],
    [
      'a custom scheme for a confidential client',
      'com.example.app:/bye',
      confidential2,
      /^postLogoutRedirectUris\[1\]: Custom/,
    ],
  ])('refuses a post-logout redirect URI with %s, naming it', (_label, uri, rules, message) => {
    const refusal = refusalOf(() =>
      checkLogoutUris({ postLogoutRedirectUris: ['https://app.example/ok', uri] }, rules),
    );
    expect(refusal).toMatch(/^invalid_post_logout_redirect_uri: /);
    expect(refusal.replace(/^[a-z_]+: /, '')).toMatch(message);
  });

  it('refuses more than ten post-logout redirect URIs', () => {
    const uris = Array.from({ length: 11 }, (_, index) => `https://app.example/bye/${index}`);
    expect(refusalOf(() => checkLogoutUris({ postLogoutRedirectUris: uris }, confidential2))).toBe(
      'invalid_post_logout_redirect_uri: postLogoutRedirectUris must hold at most 10 URIs',
    );
  });

  it.each([
    ['https://app.example/logout', 'https://app.example/logout'],
    ['https://app.example:8443/logout?tenant=a', 'https://app.example:8443/logout?tenant=a'],
    ['http://localhost:8080/logout', 'http://localhost:8080/logout'],
    ['http://127.0.0.1/logout', 'http://127.0.0.1/logout'],
    ['http://[::1]/logout', 'http://[::1]/logout'],
    ['http://rp.localhost/logout', 'http://rp.localhost/logout'],
  ])('accepts the back-channel logout URI %s', (uri, stored) => {
    expect(checkLogoutUris({ backchannelLogoutUri: uri }, public2).backchannelLogoutUri).toBe(stored);
  });

  it.each([
    ['http://app.example/logout', 'must use https'],
    ['http://localhost.evil.example/logout', 'must use https'],
    ['com.example.app:/logout', 'must use https'],
    ['javascript:alert(1)', 'must use https'],
    ['/logout', 'must be an absolute URL'],
    ['https://app.example/logout#x', 'must not carry a fragment'],
    ['https://u:p@app.example/logout', 'must not carry a user name or password'],
    ['https://app.example/log out', 'must not contain white space'],
  ])('refuses the back-channel logout URI %s, naming it', (uri, reason) => {
    const refusal = refusalOf(() => checkLogoutUris({ backchannelLogoutUri: uri }, confidential2));
    expect(refusal.startsWith(`invalid_backchannel_logout_uri: backchannelLogoutUri ${reason}`)).toBe(true);
  });

  it('refuses them for OAuth 1 consumers, even empty', () => {
    const oauth1 = { oauthVersion: 1 as const, confidential: true, ownerOnly: false };
    expect(refusalOf(() => checkLogoutUris({ postLogoutRedirectUris: [] }, oauth1))).toMatch(
      /^invalid_field: postLogoutRedirectUris and backchannelLogoutUri are for OAuth 2 consumers only$/,
    );
    expect(refusalOf(() => checkLogoutUris({ backchannelLogoutUri: 'https://t.example/' }, oauth1))).toMatch(
      /^invalid_field: /,
    );
  });

  it('refuses them for owner-only clients, which sign nobody in, but takes an empty list', () => {
    const ownerOnly = { ...confidential2, ownerOnly: true };
    expect(
      refusalOf(() => checkLogoutUris({ postLogoutRedirectUris: ['https://app.example/bye'] }, ownerOnly)),
    ).toMatch(/^invalid_field: Owner-only clients/);
    expect(refusalOf(() => checkLogoutUris({ backchannelLogoutUri: 'https://app.example/l' }, ownerOnly))).toMatch(
      /^invalid_field: Owner-only clients/,
    );
    expect(checkLogoutUris({ postLogoutRedirectUris: [] }, ownerOnly)).toEqual({
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
    });
  });
});
