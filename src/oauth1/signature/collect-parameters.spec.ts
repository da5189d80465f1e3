import { collectParameters, type SignedRequest } from './collect-parameters';
import { OAuth1Error, ParameterAbsentError, ParameterRejectedError, VersionRejectedError } from './oauth1-errors';

const FORM = 'application/x-www-form-urlencoded';
const PROTOCOL =
  'oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", ' +
  'oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="djosJKDKJSD8743243%2Fjdk33klY%3D"';
const PROTOCOL_FORM =
  'oauth_consumer_key=9djdj82h48djs9d2&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201' +
  '&oauth_nonce=7d8f3e4a&oauth_signature=sig';

function failure(request: SignedRequest): OAuth1Error {
  try {
    collectParameters(request);
  } catch (error) {
    return error as OAuth1Error;
  }
  throw new Error('collected without complaint');
}

describe('collectParameters (RFC 5849 §3.4.1.3.1)', () => {
  it('collects the RFC example from query, header and body, fully decoded (peers-and-attacks §5.1)', () => {
    const collected = collectParameters({
      query: 'b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      authorization: `OAuth realm="Example", ${PROTOCOL}`,
      contentType: FORM,
      body: 'c2&a3=2+q',
    });
    expect(collected.parameters).toEqual([
      ['b5', '=%3D'],
      ['a3', 'a'],
      ['c@', ''],
      ['a2', 'r b'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'djosJKDKJSD8743243/jdk33klY='],
      ['c2', ''],
      ['a3', '2 q'],
    ]);
    expect(collected.location).toBe('header');
    expect(collected.protocol).toEqual({
      consumerKey: '9djdj82h48djs9d2',
      token: 'kkk9d7dh3k39sjv7',
      signatureMethod: 'HMAC-SHA1',
      timestamp: '137131201',
      nonce: '7d8f3e4a',
      signature: 'djosJKDKJSD8743243/jdk33klY=',
      version: undefined,
      callback: undefined,
      verifier: undefined,
    });
  });

  it('finds protocol parameters in a form body or in the query (§3.5.2, §3.5.3)', () => {
    const inBody = collectParameters({ query: 'x=1', contentType: FORM, body: `${PROTOCOL_FORM}&oauth_version=1.0` });
    expect(inBody.location).toBe('body');
    expect(inBody.protocol.version).toBe('1.0');
    const inQuery = collectParameters({ query: `${PROTOCOL_FORM}&oauth_callback=oob&oauth_verifier=v` });
    expect(inQuery.location).toBe('query');
    expect(inQuery.protocol).toMatchObject({ callback: 'oob', verifier: 'v', signature: 'sig', token: undefined });
  });

  it('reads the body only when it is declared form-encoded', () => {
    const body = 'extra=1';
    const with_ = (contentType?: string) => collectParameters({ query: PROTOCOL_FORM, contentType, body }).parameters;
    expect(with_('application/x-www-form-urlencoded; charset=UTF-8')).toContainEqual(['extra', '1']);
    expect(with_('Application/X-WWW-Form-URLEncoded')).toContainEqual(['extra', '1']);
    expect(with_('application/json')).not.toContainEqual(['extra', '1']);
    expect(with_('multipart/form-data; boundary=x')).not.toContainEqual(['extra', '1']);
    expect(with_('application/x-www-form-urlencodedx')).not.toContainEqual(['extra', '1']);
    expect(with_(undefined)).not.toContainEqual(['extra', '1']);
  });

  it('ignores an Authorization header of another scheme', () => {
    expect(collectParameters({ authorization: 'Bearer abc', query: PROTOCOL_FORM }).location).toBe('query');
  });

  it('keeps repeated ordinary parameters: only oauth_* ones must be unique', () => {
    const collected = collectParameters({ query: `a=1&a=2&${PROTOCOL_FORM}` });
    expect(collected.parameters.filter(([name]) => name === 'a')).toEqual([
      ['a', '1'],
      ['a', '2'],
    ]);
  });

  describe('refuses with 400', () => {
    it.each<[string, SignedRequest]>([
      ['the same parameter in header and query', { authorization: `OAuth ${PROTOCOL}`, query: 'oauth_nonce=7d8f3e4a' }],
      ['protocol parameters split over header and query', { authorization: `OAuth ${PROTOCOL}`, query: 'oauth_x=1' }],
      [
        'protocol parameters in header and body',
        { authorization: `OAuth ${PROTOCOL}`, contentType: FORM, body: 'oauth_token=t' },
      ],
      ['protocol parameters in body and query', { contentType: FORM, body: PROTOCOL_FORM, query: 'oauth_version=1.0' }],
    ])('parameter_rejected: %s (§3.5)', (_case, request) => {
      const error = failure(request);
      expect(error).toBeInstanceOf(ParameterRejectedError);
      expect(error).toMatchObject({ problem: 'parameter_rejected', status: 400 });
    });

    it.each<[string, SignedRequest]>([
      ['twice in the query', { query: `${PROTOCOL_FORM}&oauth_nonce=other` }],
      ['twice in the header', { authorization: `OAuth ${PROTOCOL}, oauth_nonce="other"` }],
      ['twice in the body', { contentType: FORM, body: `${PROTOCOL_FORM}&oauth_nonce=7d8f3e4a` }],
    ])('parameter_rejected: oauth_nonce %s (§3.1)', (_case, request) => {
      expect(failure(request)).toMatchObject({ problem: 'parameter_rejected', parameters: ['oauth_nonce'] });
    });

    it('parameter_rejected: a malformed Authorization header', () => {
      expect(failure({ authorization: 'OAuth oauth_consumer_key="abc' })).toBeInstanceOf(ParameterRejectedError);
    });

    it('parameter_rejected: a value that is not UTF-8', () => {
      expect(failure({ query: `${PROTOCOL_FORM}&q=%FF` })).toBeInstanceOf(ParameterRejectedError);
    });

    it.each(['1.0a', '1', '2.0', ''])('version_rejected: oauth_version=%j (§3.1)', (version) => {
      const error = failure({ query: `${PROTOCOL_FORM}&oauth_version=${version}` });
      expect(error).toBeInstanceOf(VersionRejectedError);
      expect(error).toMatchObject({ problem: 'version_rejected', status: 400, acceptable: '1.0-1.0' });
    });

    it('version_rejected uses MediaWiki’s message', () => {
      expect(failure({ query: `${PROTOCOL_FORM}&oauth_version=1.0a` }).message).toBe(
        "OAuth version '1.0a' not supported",
      );
    });

    it.each(['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'])(
      'parameter_absent: %s missing or empty',
      (name) => {
        const without = PROTOCOL_FORM.split('&').filter((pair) => !pair.startsWith(`${name}=`));
        for (const query of [without.join('&'), [...without, `${name}=`].join('&')]) {
          const error = failure({ query });
          expect(error).toBeInstanceOf(ParameterAbsentError);
          expect(error).toMatchObject({ problem: 'parameter_absent', status: 400, parameters: [name] });
        }
      },
    );

    it('parameter_absent names every missing parameter of an unsigned request', () => {
      expect(failure({ query: 'a=1' })).toMatchObject({
        parameters: [
          'oauth_consumer_key',
          'oauth_signature_method',
          'oauth_signature',
          'oauth_timestamp',
          'oauth_nonce',
        ],
      });
    });

    it('parameter_absent: PLAINTEXT without timestamp and nonce, as RFC §2.1 allows but MediaWiki does not', () => {
      const error = failure({
        authorization:
          'OAuth realm="Example", oauth_consumer_key="jd83jd92dhsh93js", oauth_signature_method="PLAINTEXT", ' +
          'oauth_callback="http%3A%2F%2Fclient.example.net%2Fcb%3Fx%3D1", oauth_signature="ja893SD9%26"',
      });
      expect(error).toMatchObject({ problem: 'parameter_absent', parameters: ['oauth_timestamp', 'oauth_nonce'] });
    });
  });
});
