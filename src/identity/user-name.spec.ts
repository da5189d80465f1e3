import { canonicalUserName, userNameProblem } from './user-name';

describe('canonicalUserName', () => {
  it.each([
    ['alice', 'Alice'],
    ['alice_smith', 'Alice smith'],
    ['  Bob   Jones ', 'Bob Jones'],
    ['émile', 'Émile'],
    ['e\u0301mile', '\u00c9mile'],
    ['мария', 'Мария'],
  ])('%p → %p', (input, expected) => {
    expect(canonicalUserName(input)).toBe(expected);
  });
});

describe('userNameProblem', () => {
  it.each(['Alice', 'alice_smith', 'Mary Ann', 'Мария', '李小龍', 'Émile', 'e\u0301mile', "O'Brien", 'Jean-Luc'])(
    'accepts %p',
    (name) => {
      expect(userNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['zero-width space', 'Admin\u200b'],
    ['zero-width non-joiner', 'Ad\u200cmin'],
    ['zero-width joiner', 'Ad\u200dmin'],
    ['word joiner', 'Ad\u2060min'],
    ['left-to-right mark', 'Admin\u200e'],
    ['right-to-left override', 'Admin\u202e'],
    ['right-to-left isolate', '\u2067Admin'],
    ['soft hyphen', 'Ad\u00admin'],
    ['byte order mark', '\ufeffAdmin'],
    ['Mongolian vowel separator', 'Ad\u180emin'],
    ['combining grapheme joiner', 'Ad\u034fmin'],
    ['variation selector', 'Admin\ufe0f'],
    ['tag character', 'Admin\u{e0041}'],
    ['Hangul filler', 'Admin\u3164'],
    ['no-break space', 'Ad\u00a0min'],
    ['narrow no-break space', 'Ad\u202fmin'],
    ['en quad', 'Ad\u2000min'],
    ['ideographic space', 'Ad\u3000min'],
    ['line separator', 'Ad\u2028min'],
    ['paragraph separator', 'Ad\u2029min'],
    ['tab', 'Ad\tmin'],
    ['newline', 'Admin\n'],
    ['NUL', 'Ad\u0000min'],
    ['C1 control', 'Ad\u0085min'],
    ['private use', 'Ad\ue000min'],
    ['lone surrogate', 'Ad\ud800min'],
    ['unassigned code point', 'Ad\u{10ffff}min'],
  ])('refuses a %s', (_case, name) => {
    expect(userNameProblem(name)).toContain('invisible');
  });

  it.each(['', '   ', '___'])('refuses the empty name %p', (name) => {
    expect(userNameProblem(name)).toContain('empty');
  });

  it.each(['a#b', 'a<b', 'a/b', 'a@b', 'a:b', 'a=b', 'a|b', 'a[b]'])('refuses %p', (name) => {
    expect(userNameProblem(name)).toContain('# < >');
  });
});
