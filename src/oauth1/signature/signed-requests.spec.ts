import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { hmacSha1Hex } from '../../common/crypto/crypto';
import { formatAuthorizationHeader } from './authorization-header';
import { signatureBaseString } from './base-string';
import { checkTimestamp } from './check-timestamp';
import { collectParameters } from './collect-parameters';
import { type Parameter, parseForm } from './form-parameters';
import { nonceKey, nonceTtlSeconds } from './nonce-key';
import {
  NonceUsedError,
  ParameterRejectedError,
  SignatureInvalidError,
  SignatureMethodRejectedError,
  TimestampRefusedError,
} from './oauth1-errors';
import {
  HMAC_SHA1,
  PLAINTEXT,
  type SharedSecrets,
  type SignatureKeys,
  type SignatureMethodName,
  verifySignature,
} from './signature-methods';

/**
 * Whole requests through the pipeline an endpoint runs: collect → base string → verify, plus the timestamp and
 * nonce steps. The URL stands for the one the server rebuilds from PUBLIC_URL and the request path.
 */
interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body?: string;
}

const FORM = 'application/x-www-form-urlencoded';

function queryOf(url: string): string | undefined {
  const query = /\?([^#]*)/.exec(url);
  return query?.[1];
}

/** Verifies like an endpoint would; answers the base string. */
function verify(request: HttpRequest, keys: SignatureKeys, allowed?: readonly SignatureMethodName[]): string {
  const { parameters, protocol } = collectParameters({ ...request, query: queryOf(request.url) });
  const baseString = signatureBaseString({ method: request.method, url: request.url, parameters });
  verifySignature({ method: protocol.signatureMethod, baseString, signature: protocol.signature, keys, allowed });
  return baseString;
}

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('verified without complaint');
}

describe('RFC 5849 §1.2 walkthrough: all three requests verify (peers-and-attacks §5.3)', () => {
  const consumerSecret = 'kd94hf93k423kf44';
  const initiate: HttpRequest = {
    method: 'POST',
    url: 'https://photos.example.net/initiate',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="HMAC-SHA1", ' +
      'oauth_timestamp="137131200", oauth_nonce="wIjqoS", ' +
      'oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"',
  };
  const token: HttpRequest = {
    method: 'POST',
    url: 'https://photos.example.net/token',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="hh5s93j4hdidpola", ' +
      'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="walatlh", ' +
      'oauth_verifier="hfdp7dh39dks9884", oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D"',
  };
  const photos: HttpRequest = {
    method: 'GET',
    url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ' +
      'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", ' +
      'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
  };

  it('temporary credentials, signed with the client secret and an empty token secret', () => {
    expect(verify(initiate, { consumerSecret })).toBe(
      'POST&https%3A%2F%2Fphotos.example.net%2Finitiate&oauth_callback%3Dhttp%253A%252F%252Fprinter.example.com' +
        '%252Fready%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DwIjqoS%26oauth_signature_method' +
        '%3DHMAC-SHA1%26oauth_timestamp%3D137131200',
    );
  });

  it('token credentials, signed with the temporary credentials', () => {
    expect(verify(token, { consumerSecret, tokenSecret: 'hdhd0244k9j7ao03' })).toBe(
      'POST&https%3A%2F%2Fphotos.example.net%2Ftoken&oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dwalatlh' +
        '%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dhh5s93j4hdidpola' +
        '%26oauth_verifier%3Dhfdp7dh39dks9884',
    );
  });

  it('the protected resource, signed with the token credentials', () => {
    expect(verify(photos, { consumerSecret, tokenSecret: 'pfkkdhi9sl3r4s00' })).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
  });

  it('a server that rebuilds the URL with the wrong scheme refuses (behind a TLS-terminating proxy)', () => {
    const behindProxy = (request: HttpRequest) => ({ ...request, url: request.url.replace('https:', 'http:') });
    expect(failure(() => verify(behindProxy(initiate), { consumerSecret }))).toBeInstanceOf(SignatureInvalidError);
    expect(
      failure(() => verify(behindProxy(token), { consumerSecret, tokenSecret: 'hdhd0244k9j7ao03' })),
    ).toBeInstanceOf(SignatureInvalidError);
  });

  it('signatures made over http:// do not verify at the https:// endpoints', () => {
    const overHttp = (request: HttpRequest, signature: string) => ({
      ...request,
      authorization: request.authorization?.replace(/oauth_signature="[^"]*"/, `oauth_signature="${signature}"`),
    });
    expect(
      failure(() => verify(overHttp(initiate, 'mIPx9sQqO97OuihOwUEyB7c4%2FGI%3D'), { consumerSecret })),
    ).toBeInstanceOf(SignatureInvalidError);
    expect(
      failure(() =>
        verify(overHttp(token, 'ZgObLakjujpjYvaFipAou%2BED%2FKs%3D'), {
          consumerSecret,
          tokenSecret: 'hdhd0244k9j7ao03',
        }),
      ),
    ).toBeInstanceOf(SignatureInvalidError);
  });
});

describe('other published requests', () => {
  it('the RFC §3.4.1 example verifies with its secrets, but not with the signature the RFC prints', () => {
    const request = (signature: string): HttpRequest => ({
      method: 'POST',
      url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      authorization:
        'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
        `oauth_signature="${signature}"`,
      contentType: FORM,
      body: 'c2&a3=2+q',
    });
    const keys = { consumerSecret: 'j49sk3j29djd', tokenSecret: 'dh893hdasih9' };
    expect(() => verify(request('r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D'), keys)).not.toThrow();
    expect(failure(() => verify(request('bYT5CMsGcbgUdFHObYMEfcx6bsw%3D'), keys))).toBeInstanceOf(
      SignatureInvalidError,
    );
  });

  it("MediaWiki's signed postdata, sent as the query, verifies (reference A.1)", () => {
    const request: HttpRequest = {
      method: 'GET',
      url:
        'http://photos.example.net/photos?file=vacation.jpg&oauth_consumer_key=dpf43f3p2l4k3l03' +
        '&oauth_nonce=kllo9940pd9333jh&oauth_signature=tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D' +
        '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1191242096&oauth_token=nnch734d00sl2jdk' +
        '&oauth_version=1.0&size=original',
    };
    expect(verify(request, { consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' })).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
  });

  it('the X (Twitter) guide: +, comma, ! and spaces encoded twice (peers-and-attacks §5.5)', () => {
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      authorization:
        'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", ' +
        'oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
        'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", ' +
        'oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", ' +
        'oauth_version="1.0"',
      contentType: FORM,
      body: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
    };
    const keys = {
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    };
    expect(verify(request, keys)).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue' +
        '%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg' +
        '%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958' +
        '%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0' +
        '%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
  });
});

/** A client: signs with this library, so the cases below can tamper with a request known to verify. */
function signed(
  request: Omit<HttpRequest, 'authorization'> & { oauth: readonly Parameter[]; secrets: SharedSecrets },
): HttpRequest {
  const { oauth, secrets, ...http } = request;
  const parameters = [
    ...parseForm(queryOf(http.url) ?? ''),
    ...oauth,
    ...(http.contentType === FORM ? parseForm(http.body ?? '') : []),
  ];
  const signature = HMAC_SHA1.sign(signatureBaseString({ method: http.method, url: http.url, parameters }), secrets);
  return { ...http, authorization: formatAuthorizationHeader([...oauth, ['oauth_signature', signature]], 'Gatehouse') };
}

const NOW = 1_795_425_859;
const SECRETS = {
  consumerSecret: '40c7fd6e9a1c2b3d4e5f60718293a4b5c6d7e8f9',
  tokenSecret: 'c0ffee00c0ffee00c0ffee00c0ffee00',
};
const OAUTH: Parameter[] = [
  ['oauth_consumer_key', '349e29ed28d382780b44074bf01b2f1b'],
  ['oauth_token', 'c901bf51c1430c8d9b2008d9175c6b9c'],
  ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', String(NOW)],
  ['oauth_nonce', '74594280994991411111795425859'],
  ['oauth_version', '1.0'],
];
const GOOD = signed({
  method: 'POST',
  url: 'https://auth.example.org/api/edit?title=Main%20Page',
  contentType: FORM,
  body: 'text=Hello+world&summary=a%26b',
  oauth: OAUTH,
  secrets: SECRETS,
});

describe('attack cases (peers-and-attacks §4, items 21–29)', () => {
  it('the untouched request verifies', () => {
    expect(() => verify(GOOD, SECRETS)).not.toThrow();
  });

  it.each<[string, HttpRequest]>([
    ['a tampered query parameter', { ...GOOD, url: GOOD.url.replace('Main%20Page', 'Other') }],
    ['an added query parameter', { ...GOOD, url: `${GOOD.url}&admin=1` }],
    ['a removed query parameter', { ...GOOD, url: GOOD.url.replace(/\?.*/, '') }],
    ['a tampered body parameter', { ...GOOD, body: 'text=Goodbye+world&summary=a%26b' }],
    [
      'a tampered protocol parameter',
      { ...GOOD, authorization: GOOD.authorization?.replace(`"${NOW}"`, `"${NOW + 1}"`) },
    ],
    ['another method', { ...GOOD, method: 'PUT' }],
    ['another scheme', { ...GOOD, url: GOOD.url.replace('https:', 'http:') }],
    ['another host', { ...GOOD, url: GOOD.url.replace('auth.example.org', 'evil.example.org') }],
    ['another port', { ...GOOD, url: GOOD.url.replace('auth.example.org', 'auth.example.org:8443') }],
    ['another path', { ...GOOD, url: GOOD.url.replace('/api/edit', '/api/delete') }],
    ['the body sent as another content type', { ...GOOD, contentType: 'text/plain' }],
  ])('401 signature_invalid: %s', (_case, request) => {
    expect(failure(() => verify(request, SECRETS))).toMatchObject({ problem: 'signature_invalid', status: 401 });
  });

  it.each<[string, SignatureKeys]>([
    ['a wrong consumer secret', { ...SECRETS, consumerSecret: SECRETS.consumerSecret.replace('40', '41') }],
    ['a wrong token secret', { ...SECRETS, tokenSecret: 'c0ffee00c0ffee00c0ffee00c0ffee01' }],
    ['no token secret (a request token presented as none)', { consumerSecret: SECRETS.consumerSecret }],
    ['secrets swapped', { consumerSecret: SECRETS.tokenSecret, tokenSecret: SECRETS.consumerSecret }],
  ])('401 signature_invalid: %s', (_case, keys) => {
    expect(failure(() => verify(GOOD, keys))).toBeInstanceOf(SignatureInvalidError);
  });

  it('401 signature_invalid: an HMAC-SHA1 signature declared as another method', () => {
    const relabel = (method: string) => ({
      ...GOOD,
      authorization: GOOD.authorization?.replace('"HMAC-SHA1"', `"${method}"`),
    });
    const rsaPublicKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(failure(() => verify(relabel('PLAINTEXT'), SECRETS, ['HMAC-SHA1', 'PLAINTEXT']))).toBeInstanceOf(
      SignatureInvalidError,
    );
    expect(failure(() => verify(relabel('RSA-SHA1'), { ...SECRETS, rsaPublicKey }))).toBeInstanceOf(
      SignatureInvalidError,
    );
  });

  it('400 signature_method_rejected: an unknown method, or PLAINTEXT while it is off', () => {
    const declared = (method: string) =>
      signed({
        ...GOOD,
        oauth: OAUTH.map(([name, value]) => [name, name === 'oauth_signature_method' ? method : value]),
        secrets: SECRETS,
      });
    expect(failure(() => verify(declared('HMAC-SHA256'), SECRETS))).toBeInstanceOf(SignatureMethodRejectedError);
    expect(failure(() => verify(declared('PLAINTEXT'), SECRETS))).toBeInstanceOf(SignatureMethodRejectedError);
  });

  it.each<[string, HttpRequest]>([
    ['oauth_* parameters in the header and the query', { ...GOOD, url: `${GOOD.url}&oauth_nonce=1` }],
    ['oauth_* parameters in the header and the body', { ...GOOD, body: `${GOOD.body}&oauth_token=x` }],
    ['a protocol parameter twice in the header', { ...GOOD, authorization: `${GOOD.authorization},oauth_nonce="2"` }],
    ['a malformed Authorization header', { ...GOOD, authorization: GOOD.authorization?.replace(/"$/, '') }],
  ])('400 parameter_rejected: %s', (_case, request) => {
    expect(failure(() => verify(request, SECRETS))).toBeInstanceOf(ParameterRejectedError);
  });

  it('400 parameter_rejected: a protocol parameter twice in the query', () => {
    const inQuery: HttpRequest = {
      method: 'GET',
      url: 'https://auth.example.org/api/me?oauth_consumer_key=k&oauth_nonce=1&oauth_nonce=2&oauth_signature_method=HMAC-SHA1&oauth_signature=s&oauth_timestamp=1',
    };
    expect(failure(() => verify(inQuery, SECRETS))).toMatchObject({
      problem: 'parameter_rejected',
      parameters: ['oauth_nonce'],
    });
  });

  it('timestamps: stale and future refused with 401, malformed with 400 (item 22)', () => {
    const { protocol } = collectParameters({ ...GOOD, query: queryOf(GOOD.url) });
    expect(checkTimestamp(protocol.timestamp, NOW + 300)).toBe(NOW);
    expect(failure(() => checkTimestamp(protocol.timestamp, NOW + 301))).toBeInstanceOf(TimestampRefusedError);
    expect(failure(() => checkTimestamp(protocol.timestamp, NOW - 301))).toBeInstanceOf(TimestampRefusedError);
    const malformed = signed({
      ...GOOD,
      oauth: OAUTH.map(([name, value]) => [name, name === 'oauth_timestamp' ? `${NOW}abc` : value]),
      secrets: SECRETS,
    });
    expect(() => verify(malformed, SECRETS)).not.toThrow();
    const { protocol: malformedProtocol } = collectParameters({ ...malformed, query: queryOf(malformed.url) });
    expect(failure(() => checkTimestamp(malformedProtocol.timestamp, NOW))).toBeInstanceOf(ParameterRejectedError);
  });

  it('a replayed request finds its nonce taken (item 21), while another token may reuse the nonce', () => {
    const seen = new Set<string>();
    // stands for TemporaryStore.add: set-if-absent, atomic
    const add = (key: string) => !seen.has(key) && !!seen.add(key);
    const accept = (request: HttpRequest, keys: SignatureKeys) => {
      const { protocol } = collectParameters({ ...request, query: queryOf(request.url) });
      const timestamp = checkTimestamp(protocol.timestamp, NOW);
      expect(nonceTtlSeconds(timestamp, NOW)).toBe(300);
      if (!add(nonceKey(protocol.consumerKey, protocol.token, protocol.nonce))) {
        throw new NonceUsedError(protocol.nonce);
      }
      verify(request, keys);
    };
    expect(() => accept(GOOD, SECRETS)).not.toThrow();
    expect(failure(() => accept(GOOD, SECRETS))).toMatchObject({
      problem: 'nonce_used',
      status: 401,
      message: 'Nonce already used: 74594280994991411111795425859',
    });
    const otherToken = signed({
      ...GOOD,
      oauth: OAUTH.map(([name, value]) => [name, name === 'oauth_token' ? 'aaaabbbbccccddddeeeeffff00001111' : value]),
      secrets: SECRETS,
    });
    expect(() => accept(otherToken, SECRETS)).not.toThrow();
  });
});

describe('other methods end to end', () => {
  it('PLAINTEXT verifies when enabled, over whatever URL', () => {
    const oauth = OAUTH.map(([name, value]): Parameter => [
      name,
      name === 'oauth_signature_method' ? 'PLAINTEXT' : value,
    ]);
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://auth.example.org/oauth1/token',
      authorization: formatAuthorizationHeader([...oauth, ['oauth_signature', PLAINTEXT.sign('', SECRETS)]]),
    };
    expect(() => verify(request, SECRETS, ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'])).not.toThrow();
    expect(failure(() => verify(request, { ...SECRETS, tokenSecret: 'x' }, ['PLAINTEXT']))).toBeInstanceOf(
      SignatureInvalidError,
    );
  });

  it('RSA-SHA1 verifies with the registered public key, and not once tampered', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPublicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const oauth = OAUTH.map(([name, value]): Parameter => [
      name,
      name === 'oauth_signature_method' ? 'RSA-SHA1' : value,
    ]);
    const url = 'https://auth.example.org/api/me?x=1';
    const baseString = signatureBaseString({ method: 'GET', url, parameters: [['x', '1'], ...oauth] });
    const signature = rsaSign('sha1', Buffer.from(baseString), privateKey).toString('base64');
    const request: HttpRequest = {
      method: 'GET',
      url,
      authorization: formatAuthorizationHeader([...oauth, ['oauth_signature', signature]]),
    };
    expect(verify(request, { rsaPublicKey })).toBe(baseString);
    expect(failure(() => verify({ ...request, url: `${url}0` }, { rsaPublicKey }))).toBeInstanceOf(
      SignatureInvalidError,
    );
    expect(failure(() => verify(request, { consumerSecret: SECRETS.consumerSecret }))).toBeInstanceOf(
      SignatureInvalidError,
    );
  });
});

describe('MediaWiki entry point (mediawiki-wire §3) with the A.6 fixture consumer', () => {
  // reference A.6: the acceptance-test consumer's stored secretKey; clients sign with the derived secret (§1.6)
  const consumerSecret = hmacSha1Hex('sk111111111111111111111111111111', 'server secret key');
  const initiate = (title: string) =>
    signed({
      method: 'POST',
      url: `http://127.0.0.1:8080/index.php?title=${title}`,
      oauth: [
        ['oauth_nonce', '42557637465222650461795425859'],
        ['oauth_timestamp', '1795425859'],
        ['oauth_version', '1.0'],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_consumer_key', '349e29ed28d382780b44074bf01b2f1b'],
        ['oauth_callback', 'oob'],
      ],
      secrets: { consumerSecret },
    });

  it('signs the title query parameter along with the header', () => {
    const request = initiate('Special%3AOAuth%2Finitiate');
    expect(verify(request, { consumerSecret })).toMatch(
      /^POST&http%3A%2F%2F127\.0\.0\.1%3A8080%2Findex\.php&oauth_callback%3Doob%26.*%26title%3DSpecial%253AOAuth%252Finitiate$/,
    );
  });

  it('reads the title in either encoding, and refuses a request moved to another subpage', () => {
    const request = initiate('Special:OAuth/initiate');
    expect(() =>
      verify({ ...request, url: request.url.replace('Special:OAuth/', 'Special%3AOAuth%2F') }, { consumerSecret }),
    ).not.toThrow();
    expect(
      failure(() => verify({ ...request, url: request.url.replace('initiate', 'token') }, { consumerSecret })),
    ).toBeInstanceOf(SignatureInvalidError);
  });
});
