import fc from 'fast-check';

/**
 * Generators of hostile input (issue 17 item 2), shared by the fuzz specs. Each mixes plain random values with the
 * shapes that break parsers: control and NUL characters, lone surrogates, invalid UTF-8 once decoded, numbers no
 * database column holds, prototype keys, path tricks, and sizes around and past the edge limits.
 */

/** Strings that have broken real parsers and validators. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202E',
  '%',
  '%00',
  '%FF%FE',
  '%C0%AF',
  '%E2%82',
  '%uD800',
  '+',
  '&',
  '=',
  '"',
  "'",
  '\\',
  '\\"',
  '"\\',
  ',',
  ';',
  '../../../../etc/passwd',
  '..%2f..%2f',
  '/\\evil.example',
  '//evil.example',
  'javascript:alert(1)',
  'http://[::1',
  'http://a:99999/',
  "' OR '1'='1",
  '1; DROP TABLE users',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0x10',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999999',
  '-99999999999999999999999999999',
  '2147483648',
  '-2147483649',
  '1.5',
  '[]',
  '{}',
  '[object Object]',
];

export const nastyString: fc.Arbitrary<string> = fc.constantFrom(...NASTY_STRINGS);

/** Absurd values for pagination and numeric parameters. */
export const absurdNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('-1', '0', '-0', '1e309', '9007199254740993', '18446744073709551616', '2147483648', '1.5', 'NaN', ''),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Any string: printable, any Unicode (lone surrogates included), or a nasty one; sometimes long. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: nastyString, weight: 3 },
  { arbitrary: absurdNumber, weight: 1 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1000, max: 70_000 }).map((length) => 'x'.repeat(length)), weight: 1 },
);

/** Bytes that are not UTF-8 (or not text at all): stray continuation bytes, overlongs, surrogates, NUL. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(
    Buffer.from([0xff]),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xe2, 0x82]),
    Buffer.from([0x80, 0x80]),
    Buffer.from([0x00]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

/** Every byte outside RFC 3986's unreserved set percent-encoded: any decoded content, as a valid request-target. */
export function percentEncodeBytes(bytes: Buffer | string): string {
  let encoded = '';
  for (const byte of Buffer.from(bytes)) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** A value for a URL component: random text or invalid bytes, percent-encoded. */
export const urlComponent: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: anyString.map((text) => percentEncodeBytes(Buffer.from(text, 'utf8'))), weight: 4 },
  { arbitrary: invalidUtf8.map(percentEncodeBytes), weight: 1 },
  // escapes that are not escapes, and raw characters legal in a request-target
  { arbitrary: fc.constantFrom('%', '%2', '%zz', '%%', '[]', '%5B%5D', ';', "!$&'()*+,;=:@"), weight: 1 },
);

/** JSON text this deep: arrays, objects or a mix, around and far past the depth limit. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(31, 32, 33, 64, 3000), fc.constantFrom('[', '{"a":', '[{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
    return `${open.repeat(depth)}1${close.repeat(depth)}`;
  });

/** Random JSON values of every type and depth, with hostile strings and keys. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    anyString,
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.oneof(anyString, nastyString), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Raw JSON-ish bodies no serializer writes: broken, truncated, duplicated keys, huge numbers, bad encodings. */
export const brokenJsonBody: fc.Arbitrary<Buffer> = fc.oneof(
  deepJson.map((text) => Buffer.from(text)),
  fc
    .constantFrom(
      '{',
      '{"a":',
      '{"a":1,"a":2}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '[1e309]',
      '{"a":-0}',
      '123456789012345678901234567890',
      '"\\uD800"',
      '"\\u0000"',
      'null',
      'true',
      '',
      ' ',
      'NaN',
      '{"a":"\\x"}',
      '\uFEFF{}',
    )
    .map((text) => Buffer.from(text)),
  invalidUtf8.map((bytes) => Buffer.concat([Buffer.from('{"name":"'), bytes, Buffer.from('"}')])),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc
    .integer({ min: 900, max: 1200 })
    .map((keys) => Buffer.from(`{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}`)),
);

/** Content types a route does not expect, and broken spellings of the ones it does. */
export const anyContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/json; charset=nonsense',
    'APPLICATION/JSON',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-8',
    'application/x-www-form-urlencoded; charset=utf-7',
    'multipart/form-data; boundary=x',
    'multipart/form-data',
    'text/plain',
    'text/html',
    'application/xml',
    'application/octet-stream',
    'application/jwt',
    'application/*',
    '*/*',
    ';',
    '',
    'application/json; charset',
  ),
  anyString.filter((text) => /^[\t\x20-\x7e]*$/.test(text)),
);

/** A header value as bytes: random text (no line breaks), invalid UTF-8, or huge. */
// Huge values are rare: a few of them in one request pass the header limit and stop it at Node's parser (431).
export const headerValue: fc.Arbitrary<string | Buffer> = fc.oneof(
  { arbitrary: anyString.map((text) => text.replace(/[\r\n]/g, ' ').slice(0, 4000)), weight: 12 },
  { arbitrary: invalidUtf8.map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 10 && byte !== 13))), weight: 1 },
  { arbitrary: fc.integer({ min: 8_000, max: 20_000 }).map((length) => 'h'.repeat(length)), weight: 1 },
);

/** A form or query string: random pairs, repeated names, array and object syntax, invalid escapes. */
export function formOf(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...(names.length ? names : ['x'])), weight: 4 },
    {
      arbitrary: fc.constantFrom(...names.flatMap((known) => [`${known}[]`, `${known}[0]`, `${known}[a]`]), 'x[]'),
      weight: 1,
    },
    { arbitrary: urlComponent, weight: 1 },
  );
  const pair = fc.oneof(
    { arbitrary: fc.tuple(name, urlComponent).map(([key, value]) => `${key}=${value}`), weight: 6 },
    { arbitrary: name, weight: 1 },
    { arbitrary: fc.tuple(name, absurdNumber).map(([key, value]) => `${key}=${encodeURIComponent(value)}`), weight: 2 },
  );
  return fc.array(pair, { maxLength: 12 }).map((pairs) => pairs.join('&'));
}
