import { isLocalPath, localPathOr } from './local-path';

describe('isLocalPath', () => {
  it.each(['/', '/oauth2/authorize?client_id=x&state=y', '/w/index.php?title=Special:OAuth/authorize'])(
    'accepts %s',
    (path) => {
      expect(isLocalPath(path)).toBe(true);
    },
  );

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil', '', '/a b', '\\\\evil'])(
    'refuses %p',
    (path) => {
      expect(isLocalPath(path)).toBe(false);
    },
  );
});

describe('localPathOr', () => {
  it('keeps a local path and falls back for anything else', () => {
    expect(localPathOr('/consumers?x=1', '/')).toBe('/consumers?x=1');
    expect(localPathOr('//evil.example', '/')).toBe('/');
    expect(localPathOr(undefined, '')).toBe('');
    expect(localPathOr(['/a'], '/')).toBe('/');
  });
});
