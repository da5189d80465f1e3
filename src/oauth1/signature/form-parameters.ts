import { percentDecode } from './percent-encode';

/** One decoded name/value pair; a name may repeat (RFC 5849 §3.4.1.3.1 collects a list, not a map). */
export type Parameter = readonly [name: string, value: string];

/**
 * Parses a query component or a form-encoded body into decoded pairs, in order (HTML 4.01 §17.13.4, as
 * RFC 5849 §3.4.1.3.1 requires). A piece without `=` is a name with an empty value (`c2` in the RFC example);
 * empty pieces (`a=1&&b=2`) carry nothing and are skipped.
 */
export function parseForm(text: string): Parameter[] {
  return text
    .split('&')
    .filter((piece) => piece !== '')
    .map((piece): Parameter => {
      const equals = piece.indexOf('=');
      return equals === -1
        ? [percentDecode(piece), '']
        : [percentDecode(piece.slice(0, equals)), percentDecode(piece.slice(equals + 1))];
    });
}
