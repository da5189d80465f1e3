import fc from 'fast-check';
import { formatAuthorizationHeader, parseAuthorizationHeader } from './authorization-header';
import type { Parameter } from './form-parameters';
import { ParameterRejectedError } from './oauth1-errors';

describe('parseAuthorizationHeader (RFC 5849 §3.5.1)', () => {
  it('drops realm, keeps commas inside quotes and accepts bare values (reference A.4)', () => {
    expect(parseAuthorizationHeader('OAuth realm="",oauth_foo=bar,oauth_baz="bla,rgh"')).toEqual([
      ['oauth_foo', 'bar'],
      ['oauth_baz', 'bla,rgh'],
    ]);
  });

  it('decodes + as a space, as MediaWiki does (reference A.4)', () => {
    expect(parseAuthorizationHeader('OAuth oauth_foo=hi+there')).toEqual([['oauth_foo', 'hi there']]);
  });

  it('reads the RFC example: realm dropped, values percent-decoded, comma and space between', () => {
    const header =
      'OAuth realm="Example", oauth_consumer_key="0685bd9184jfhq22", oauth_token="ad180jjd733klru7", ' +
      'oauth_signature_method="HMAC-SHA1", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", ' +
      'oauth_timestamp="137131200", oauth_nonce="4572616e48616d6d65724c61686176", oauth_version="1.0"';
    expect(parseAuthorizationHeader(header)).toEqual([
      ['oauth_consumer_key', '0685bd9184jfhq22'],
      ['oauth_token', 'ad180jjd733klru7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_signature', 'wOJIO9A2W5mFwDgiDvZbTSMK/PY='],
      ['oauth_timestamp', '137131200'],
      ['oauth_nonce', '4572616e48616d6d65724c61686176'],
      ['oauth_version', '1.0'],
    ]);
  });

  it('takes the scheme and realm in any case, tabs, empty list elements and quoted pairs', () => {
    expect(parseAuthorizationHeader('oauth REALM="x",\toauth_a = "1" ,, oauth_b="q\\"d" ,')).toEqual([
      ['oauth_a', '1'],
      ['oauth_b', 'q"d'],
    ]);
    expect(parseAuthorizationHeader('OAUTH oauth_a=""')).toEqual([['oauth_a', '']]);
  });

  it('keeps parameters without the oauth_ prefix: RFC 5849 §3.4.1.3.1 signs all but realm', () => {
    expect(parseAuthorizationHeader('OAuth foo="bar", oauth_a="1"')).toEqual([
      ['foo', 'bar'],
      ['oauth_a', '1'],
    ]);
  });

  it('answers an empty list for a bare scheme, and undefined for other schemes', () => {
    expect(parseAuthorizationHeader('OAuth')).toEqual([]);
    expect(parseAuthorizationHeader('Bearer abc.def.ghi')).toBeUndefined();
    expect(parseAuthorizationHeader('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(parseAuthorizationHeader('OAuthFoo oauth_a="1"')).toBeUndefined();
    expect(parseAuthorizationHeader('')).toBeUndefined();
  });

  it.each([
    'OAuth oauth_nonce',
    'OAuth oauth_nonce=',
    'OAuth oauth_nonce=,oauth_token="a"',
    'OAuth oauth_nonce="abc',
    'OAuth oauth_a="1" oauth_b="2"',
    'OAuth oauth_a="1";oauth_b="2"',
    'OAuth abc==',
    'OAuth oauth_a=="1"',
    'OAuth "oauth_a"="1"',
    'OAuth oauth_a="x\ny"',
    'OAuth oauth_a="é"',
    'OAuth oauth_a="1"x',
    'OAuth oauth_a=a/b',
    'OAuth oauth_a="trailing\\"',
  ])('refuses the malformed header %j', (header) => {
    expect(() => parseAuthorizationHeader(header)).toThrow(ParameterRejectedError);
  });
});

describe('formatAuthorizationHeader', () => {
  it('writes what MediaWiki writes (OAuthRequestTest)', () => {
    expect(formatAuthorizationHeader([['oauth_test', 'foo']], 'test')).toBe('OAuth realm="test",oauth_test="foo"');
    expect(formatAuthorizationHeader([['oauth_baz', 'bla,rgh']])).toBe('OAuth oauth_baz="bla%2Crgh"');
  });

  it('round-trips through parseAuthorizationHeader', () => {
    const parameters: Parameter[] = [
      ['oauth_callback', 'http://printer.example.com/ready?a=1&b=2'],
      ['oauth_signature', 'tR3+Ty81lMeYAr/Fid0kMTYa/WM='],
      ['oauth_nonce', 'a b\u3001"\\'],
    ];
    expect(parseAuthorizationHeader(formatAuthorizationHeader(parameters, 'a "quoted" realm'))).toEqual(parameters);
  });
});

/** Properties (issue 17 item 2) over generated parameters and generated header text. */
describe('Authorization header properties (RFC 5849 §3.5.1)', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 16 });
  const pairs = fc.array(
    fc.tuple(
      // an auth-param name is a token, never empty (RFC 7235 §2.1)
      text.filter((name) => name !== '' && name.toLowerCase() !== 'realm'),
      text,
    ),
    { maxLength: 10 },
  );

  it('reads back every list of pairs it writes, realm dropped, in order and duplicates kept', () => {
    fc.assert(
      // realm is a quoted-string, not percent-encoded (RFC 7235 §2.1): ASCII only, as the parser reads it
      fc.property(
        pairs,
        fc.option(
          fc.string({ unit: 'binary-ascii' }).filter((realm) => /^[\t\x20-\x7e]*$/.test(realm)),
          { nil: undefined },
        ),
        (written, realm) => {
          expect(parseAuthorizationHeader(formatAuthorizationHeader(written, realm))).toEqual(written);
        },
      ),
      { seed: 1702, numRuns: 500 },
    );
  });

  it('answers any text with pairs, undefined (not OAuth) or a parameter_rejected refusal, never another error', () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }).map((rest) => `OAuth ${rest}`),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .array(fc.constantFrom('OAuth ', 'oauth_x', '=', '"', '\\', ',', ' ', '\t', '%', '%FF', '+', 'realm', 'a'), {
          maxLength: 30,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(header, (value) => {
        try {
          const parsed = parseAuthorizationHeader(value);
          expect(parsed === undefined || Array.isArray(parsed)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ParameterRejectedError);
        }
      }),
      { seed: 1702, numRuns: 2000 },
    );
  });
});
