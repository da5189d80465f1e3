import fc from 'fast-check';
import {
  absurdNumber,
  anyString,
  headerValue,
  invalidUtf8,
  nastyString,
  percentEncodeBytes,
  urlComponent,
} from './hostile';

/** The OAuth 1 protocol parameters (RFC 5849 §3.1) and a few that are not. */
const OAUTH1_NAMES = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'realm',
  'REALM',
  'oauth_body_hash',
  'title',
];

/** What an OAuth 1 client that knows something real puts in its header. */
export interface Oauth1Knowledge {
  consumerKey: string;
  token: string;
}

/**
 * `Authorization` header values for OAuth 1 (RFC 5849 §3.5.1) as no client writes them: parameters repeated or
 * missing, quotes unbalanced or escaped, separators doubled, the scheme misspelt, values huge or not UTF-8 once
 * decoded; some carry the real consumer key and token, fresh timestamps and real method names, so that parsing
 * passes and the request reaches the signature check and the lookups behind it.
 */
export function oauth1Header(known: Oauth1Knowledge): fc.Arbitrary<string | Buffer> {
  const value = fc.oneof(
    {
      arbitrary: fc.constantFrom(known.consumerKey, known.token, 'HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT', '1.0', 'oob'),
      weight: 3,
    },
    { arbitrary: fc.constant(String(Math.floor(Date.now() / 1000))), weight: 1 },
    { arbitrary: anyString.map((text) => percentEncodeBytes(Buffer.from(text, 'utf8'))), weight: 3 },
    { arbitrary: invalidUtf8.map(percentEncodeBytes), weight: 1 },
    { arbitrary: absurdNumber, weight: 1 },
    { arbitrary: fc.integer({ min: 4000, max: 12000 }).map((length) => 'v'.repeat(length)), weight: 1 },
  );
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...OAUTH1_NAMES), weight: 5 },
    { arbitrary: urlComponent, weight: 1 },
  );
  const quoting = fc.constantFrom('"$"', '$', '"$', '$"', '"$\\"', "'$'", '"$"""', '"\\$"', '""$""');
  const pair = fc
    .tuple(name, fc.constantFrom('=', ' = ', '==', ''), quoting, value)
    .map(([key, equals, quote, text]) => `${key}${equals}${quote.replace('$', text)}`);
  const separator = fc.constantFrom(',', ', ', ',,', ' ', '\t,', ';', '');
  const scheme = fc.constantFrom(
    'OAuth ',
    'oauth ',
    'OAUTH\t',
    'OAuth',
    'OAuth  ,',
    'Bearer ',
    'Basic ',
    'OAuthX ',
    '',
  );
  const composed = fc
    .tuple(scheme, fc.array(fc.tuple(pair, separator), { maxLength: 14 }))
    .map(([start, pairs]) => start + pairs.map(([text, sep]) => text + sep).join(''));
  return fc.oneof(
    { arbitrary: composed, weight: 6 },
    { arbitrary: headerValue.map((text) => (typeof text === 'string' ? `OAuth ${text}` : text)), weight: 1 },
  );
}

/** OAuth 2 parameter names of every grant and endpoint (RFC 6749, 7009, 7636, 7662, 8628, 8693, 9126, 7523). */
const OAUTH2_NAMES = [
  'grant_type',
  'code',
  'redirect_uri',
  'client_id',
  'client_secret',
  'code_verifier',
  'refresh_token',
  'scope',
  'token',
  'token_type_hint',
  'response_type',
  'response_mode',
  'state',
  'nonce',
  'prompt',
  'code_challenge',
  'code_challenge_method',
  'device_code',
  'request_uri',
  'request',
  'subject_token',
  'subject_token_type',
  'actor_token',
  'actor_token_type',
  'requested_token_type',
  'audience',
  'resource',
  'client_assertion',
  'client_assertion_type',
  'id_token_hint',
  'post_logout_redirect_uri',
];

const GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'implicit',
];

/** What an OAuth 2 attacker may know: a real client id and secret, a real access token. */
export interface Oauth2Knowledge {
  clientId: string;
  secret: string;
  accessToken: string;
}

/** OAuth 2 form or query parameters: random, repeated, as arrays, with real and absurd values. */
export function oauth2Form(known: Oauth2Knowledge): fc.Arbitrary<string> {
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...OAUTH2_NAMES), weight: 8 },
    { arbitrary: fc.constantFrom(...OAUTH2_NAMES).map((known2) => `${known2}[]`), weight: 1 },
    { arbitrary: fc.constantFrom(...OAUTH2_NAMES).map((known2) => `${known2}[x]`), weight: 1 },
    { arbitrary: urlComponent, weight: 1 },
  );
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...GRANT_TYPES), weight: 3 },
    { arbitrary: fc.constantFrom(known.clientId, known.secret, known.accessToken), weight: 3 },
    {
      arbitrary: fc.constantFrom(
        'https://app.example/callback',
        'code',
        'token',
        'S256',
        'plain',
        'basic',
        'basic editpage',
        'openid profile',
        'access_token',
        'refresh_token',
        'urn:ietf:params:oauth:token-type:access_token',
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        'urn:ietf:params:oauth:request_uri:' + 'f'.repeat(32),
        'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
        'a'.repeat(43),
      ),
      weight: 3,
    },
    { arbitrary: urlComponent, weight: 4 },
  );
  const encoded = (text: string) => (/^[\w.~-]*$/.test(text) ? text : percentEncodeBytes(Buffer.from(text, 'utf8')));
  const pair = fc.tuple(name, value).map(([key, text]) => `${key}=${encoded(text)}`);
  return fc.array(pair, { maxLength: 14 }).map((pairs) => pairs.join('&'));
}

/** `Authorization: Basic` (RFC 6749 §2.3.1, RFC 7617) as a client should and should not send it. */
export function basicHeader(known: Oauth2Knowledge): fc.Arbitrary<string | Buffer> {
  const part = fc.oneof(
    fc.constantFrom(known.clientId, known.secret, ''),
    anyString,
    anyString.map((text) => percentEncodeBytes(Buffer.from(text, 'utf8'))),
    invalidUtf8.map(percentEncodeBytes),
  );
  const credentials = fc
    .tuple(part, fc.constantFrom(':', '', '::'), part)
    .map(([id, colon, secret]) => Buffer.from(`${id}${colon}${secret}`, 'utf8'));
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('Basic ', 'basic ', 'BASIC  ', 'Basic'), credentials)
      .map(([scheme, bytes]) => `${scheme}${bytes.toString('base64')}`),
    fc
      .tuple(fc.constantFrom('Basic ', 'Bearer ', 'DPoP '), nastyString)
      .map(([scheme, text]) => `${scheme}${text.replace(/[\r\n]/g, '')}`),
    fc.constant(`Bearer ${known.accessToken}`),
    headerValue,
    invalidUtf8.map((bytes) =>
      Buffer.concat([Buffer.from('Basic '), Buffer.from(bytes.filter((byte) => byte !== 10 && byte !== 13))]),
    ),
  );
}

/** Headers a gateway or a proxy in front of it might send, and an attacker might forge (nginx, Traefik, Envoy). */
const GATEWAY_HEADERS = [
  'X-Original-URI',
  'X-Original-Method',
  'X-Original-URL',
  'X-Forwarded-Uri',
  'X-Forwarded-Method',
  'X-Forwarded-Host',
  'X-Forwarded-Proto',
  'X-Forwarded-For',
  'X-Forwarded-Port',
  'X-Forwarded-Prefix',
  'X-Gateway-Require-Grant',
  'X-Gateway-Require-Right',
  'X-Gateway-Key',
  'X-Real-IP',
  'Forwarded',
  'DPoP',
];

/** Values shaped like what those headers carry, and not. */
const gatewayValue = fc.oneof(
  fc.constantFrom(
    '/',
    '/api/v1/pages?title=Main%20Page',
    'http://evil.example/a',
    '//evil.example',
    '/%ZZ',
    '/%00',
    'GET',
    'post',
    'https',
    'https, http',
    'HTTPS',
    'api.example.com',
    'api.example.com:99999',
    '[::1',
    '127.0.0.1, 10.0.0.1',
    '::ffff:127.0.0.1',
    'for=127.0.0.1;proto=https',
    'basic,editpage',
    'basic,,',
    'mwoauthsuppress',
  ),
  headerValue,
);

/** A list of gateway and forwarding headers, names repeated at will. */
export function gatewayHeaders(gatewayKey: string): fc.Arbitrary<[string, string | Buffer][]> {
  const header = fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...GATEWAY_HEADERS), gatewayValue), weight: 6 },
    { arbitrary: fc.constant<[string, string]>(['X-Gateway-Key', gatewayKey]), weight: 3 },
  );
  return fc.array(header, { maxLength: 10 });
}
