import { INPUT_LIMITS } from './input-limits';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** A JSON body past one of the shape limits; shaped like body-parser's errors so every filter can read it. */
export class JsonShapeError extends Error {
  readonly type = 'entity.too.complex';
  readonly status = 400;
}

/**
 * Refuses a JSON body nested deeper, with more object members, or with a longer string than INPUT_LIMITS allow.
 * One pass over the raw bytes before `JSON.parse`, so no parser or validator ever recurses into a hostile shape.
 * Malformed JSON passes here and is refused by the parser.
 */
export function checkJsonShape(body: Buffer): void {
  let depth = 0;
  let keys = 0;
  let inString = false;
  let stringStart = 0;
  for (let index = 0; index < body.length; index++) {
    const byte = body[index];
    if (inString) {
      if (byte === BACKSLASH) {
        index++;
      } else if (byte === QUOTE) {
        inString = false;
        if (index - stringStart > INPUT_LIMITS.jsonStringBytes) {
          throw new JsonShapeError(`A JSON string is longer than ${INPUT_LIMITS.jsonStringBytes} bytes`);
        }
      }
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
      stringStart = index + 1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > INPUT_LIMITS.jsonDepth) {
        throw new JsonShapeError(`The JSON body is nested deeper than ${INPUT_LIMITS.jsonDepth} levels`);
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    } else if (byte === COLON && ++keys > INPUT_LIMITS.jsonKeys) {
      throw new JsonShapeError(`The JSON body has more than ${INPUT_LIMITS.jsonKeys} object members`);
    }
  }
  if (inString && body.length - stringStart > INPUT_LIMITS.jsonStringBytes) {
    throw new JsonShapeError(`A JSON string is longer than ${INPUT_LIMITS.jsonStringBytes} bytes`);
  }
}
