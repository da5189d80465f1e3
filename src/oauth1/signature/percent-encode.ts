import { ParameterRejectedError } from './oauth1-errors';

/**
 * RFC 5849 §3.6: UTF-8, then every octet outside the RFC 3986 unreserved set (ALPHA DIGIT - . _ ~) as %XX
 * with uppercase hex. encodeURIComponent already does UTF-8 and uppercase hex but leaves `! ' ( ) *` alone,
 * so those five are escaped on top. A string with a lone surrogate has no UTF-8 form and throws URIError;
 * percentDecode never produces one.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const ESCAPES = /((?:%[0-9A-Fa-f]{2})+)/;
// fatal: bytes that are not UTF-8 have no agreed meaning, so no signature over them can be checked;
// ignoreBOM: a leading U+FEFF is part of the value and must survive into the base string.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a name or value as `application/x-www-form-urlencoded` (HTML 4.01 §17.13.4), which RFC 5849
 * §3.4.1.3.1 prescribes for the query and the body; the Authorization header is decoded the same way, as
 * MediaWiki does (`+` is a space there too). A `%` not followed by two hex digits stays literal, as in
 * browsers, PHP and Python, so a client that signed it still verifies; escapes that do not form UTF-8 are refused.
 */
export function percentDecode(value: string): string {
  const text = value.replace(/\+/g, ' ');
  if (!text.includes('%')) {
    return text;
  }
  // split() with a capturing group puts the escape runs at the odd indexes
  const bytes = text
    .split(ESCAPES)
    .map((part, index) => (index % 2 === 1 ? Buffer.from(part.replace(/%/g, ''), 'hex') : Buffer.from(part, 'utf8')));
  try {
    return UTF8.decode(Buffer.concat(bytes));
  } catch {
    throw new ParameterRejectedError('Parameter names and values must be UTF-8 once percent-decoded');
  }
}
