import type { Parameter } from './form-parameters';
import { ParameterRejectedError } from './oauth1-errors';
import { percentDecode, percentEncode } from './percent-encode';

// RFC 7235 §2.1 credentials: auth-scheme 1*SP #auth-param, auth-param = token BWS "=" BWS (token / quoted-string).
// Sticky patterns, read from the current position only; quoted-string without obs-text, since RFC 5849 §3.5.1
// values are §3.6-encoded ASCII.
const SCHEME = /^OAuth(?=[ \t]|$)/i;
const SEPARATORS = /[ \t,]*/y;
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const EQUALS = /[ \t]*=[ \t]*/y;
const QUOTED = /"((?:[\t \x21\x23-\x5B\x5D-\x7E]|\\[\t \x21-\x7E])*)"/y;
const END_OF_PARAMETER = /[ \t]*(?:,|$)/y;

/**
 * Reads an `Authorization: OAuth …` header (RFC 5849 §3.5.1) into decoded pairs. Answers undefined for other
 * schemes (Bearer, Basic), which are not OAuth 1 requests. Values may be quoted, as the RFC writes them, or bare
 * tokens, as MediaWiki also accepts (`oauth_foo=bar`); commas inside quotes are part of the value. `realm` is
 * dropped (§3.4.1.3.1), matched without case like every auth-param name (RFC 7235 §2.1). Anything else that
 * does not follow the grammar is refused rather than guessed at, so the server never signs a different list
 * than the client did.
 */
export function parseAuthorizationHeader(header: string): Parameter[] | undefined {
  const value = header.trim();
  if (!SCHEME.test(value)) {
    return undefined;
  }
  let position = 'OAuth'.length;
  const read = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = position;
    const match = pattern.exec(value);
    if (match) {
      position = pattern.lastIndex;
    }
    return match;
  };
  const malformed = () => new ParameterRejectedError('Malformed OAuth Authorization header');

  const parameters: Parameter[] = [];
  // empty list elements (`a="1",,b="2"`) are allowed by the #rule of RFC 9110 §5.6.1
  while (read(SEPARATORS) && position < value.length) {
    const name = read(TOKEN)?.[0];
    if (name === undefined || !read(EQUALS)) {
      throw malformed();
    }
    const quoted = read(QUOTED);
    const raw = quoted ? quoted[1].replace(/\\(.)/g, '$1') : read(TOKEN)?.[0];
    if (raw === undefined || !read(END_OF_PARAMETER)) {
      throw malformed();
    }
    if (name.toLowerCase() !== 'realm') {
      parameters.push([percentDecode(name), percentDecode(raw)]);
    }
  }
  return parameters;
}

/**
 * Builds the header a client sends (RFC 5849 §3.5.1): names and values §3.6-encoded and quoted, comma-separated,
 * with an optional realm first, as MediaWiki writes it (`OAuth realm="test",oauth_test="foo"`).
 */
export function formatAuthorizationHeader(parameters: readonly Parameter[], realm?: string): string {
  const pairs = parameters.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`);
  const realmPair = realm === undefined ? [] : [`realm="${realm.replace(/["\\]/g, '\\$&')}"`];
  return `OAuth ${[...realmPair, ...pairs].join(',')}`;
}
