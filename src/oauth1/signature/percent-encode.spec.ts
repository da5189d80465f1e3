import { ParameterRejectedError } from './oauth1-errors';
import { percentDecode, percentEncode } from './percent-encode';

describe('percentEncode (RFC 5849 §3.6)', () => {
  // wiki.oauth.net "Parameter Encoding" (peers-and-attacks §5.4; MediaWiki OAuthUtilTest, reference A.3)
  it.each([
    ['abcABC123', 'abcABC123'],
    ['-._~', '-._~'],
    ['%', '%25'],
    ['+', '%2B'],
    ['&=*', '%26%3D%2A'],
    ['\n', '%0A'],
    [' ', '%20'],
    ['\u007F', '%7F'],
    ['\u0080', '%C2%80'],
    ['\u3001', '%E3%80%81'],
  ])('encodes %j as %s', (input, encoded) => {
    expect(percentEncode(input)).toBe(encoded);
  });

  it("escapes the five characters encodeURIComponent leaves alone: ! ' ( ) *", () => {
    expect(percentEncode("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('encodes astral characters as their four UTF-8 octets', () => {
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
  });

  it('refuses a lone surrogate, which has no UTF-8 form', () => {
    expect(() => percentEncode('\uD800')).toThrow(URIError);
  });
});

describe('percentDecode (HTML 4.01 §17.13.4)', () => {
  it.each([
    ['hi+there', 'hi there'],
    ['%2B', '+'],
    ['r%20b', 'r b'],
    ['%3D%253D', '=%3D'],
    ['caf%c3%a9', 'café'],
    ['%E3%80%81', '\u3001'],
    ['100%', '100%'],
    ['%zz%4', '%zz%4'],
    ['%EF%BB%BFa', '\uFEFFa'],
    ['', ''],
  ])('decodes %j as %j', (input, decoded) => {
    expect(percentDecode(input)).toBe(decoded);
  });

  it.each(['%FF', '%C3', '%C3%28', 'a%80b'])('refuses %s, which is not UTF-8', (input) => {
    expect(() => percentDecode(input)).toThrow(ParameterRejectedError);
  });

  it('inverts percentEncode', () => {
    const text = "a b+c&d=e%f/g?h#i!j'k(l)m*n~o\u00e9\u3001😀\n";
    expect(percentDecode(percentEncode(text))).toBe(text);
  });
});
