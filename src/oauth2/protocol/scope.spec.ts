import { Oauth2Error } from '../oauth2-error';
import { parseScope } from './scope';

function scopeError(value: string): Oauth2Error {
  try {
    parseScope(value);
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    return error as Oauth2Error;
  }
  throw new Error('expected an Oauth2Error');
}

describe('parseScope', () => {
  it('answers undefined when no scope was given', () => {
    expect(parseScope(undefined)).toBeUndefined();
  });

  it('splits on spaces, keeping the order of first appearance', () => {
    expect(parseScope('editpage basic')).toEqual(['editpage', 'basic']);
  });

  it('drops repeated scopes', () => {
    expect(parseScope('basic editpage basic editpage')).toEqual(['basic', 'editpage']);
  });

  it('ignores surplus spaces', () => {
    expect(parseScope('  basic   editpage ')).toEqual(['basic', 'editpage']);
    expect(parseScope(' ')).toEqual([]);
  });

  it('keeps scope tokens case-sensitive', () => {
    expect(parseScope('basic BASIC')).toEqual(['basic', 'BASIC']);
  });

  it('accepts every printable ASCII character RFC 6749 §3.3 allows', () => {
    expect(parseScope("!#$%&'()*+,-./:;<=>?@[]^_`{|}~")).toEqual(["!#$%&'()*+,-./:;<=>?@[]^_`{|}~"]);
  });

  it.each([
    ['a double quote', 'basic "editpage"'],
    ['a backslash', 'basic edit\\page'],
    ['a tab', 'basic\teditpage'],
    ['a newline', 'basic\neditpage'],
    ['a control character', 'basic\u0000'],
    ['DEL', 'basic\u007f'],
    ['a non-ASCII letter', 'bäsic'],
    ['a non-breaking space', 'basic\u00a0editpage'],
  ])('refuses %s with invalid_scope', (_label, value) => {
    const error = scopeError(value);
    expect(error.error).toBe('invalid_scope');
    expect(error.status).toBe(400);
  });
});
