import { matchesCallbackPrefix } from './callback-prefix';

/** Reference Appendix A.5, the prefix-mode rows. */
describe('matchesCallbackPrefix', () => {
  it.each([
    ['https://host', 'https://host'],
    ['http://host', 'https://host'],
    ['https://host:1234', 'https://host:1234'],
    ['http://host:1234', 'https://host:1234'],
    ['https://host:1', 'https://host:1234'],
    ['https://host:1', 'https://host'],
    ['https://host', 'https://host/path?query'],
    ['http://host', 'https://host/path?query'],
    ['https://host/path', 'https://host/path?query'],
    ['https://host/path?query', 'https://host/path?query'],
    ['https://host/path', 'https://host/path/dir2'],
    ['https://host/path?query', 'https://host/path?query&more'],
  ])('accepts %s ← %s', (registered, supplied) => {
    expect(matchesCallbackPrefix(registered, supplied)).toBe(true);
  });

  it.each([
    ['https://host/', 'https://host'],
    ['https://host', 'https://host:1234'],
    ['https://host:4321', 'https://host:1234'],
    ['https://host:80', 'https://host:8099'],
    ['https://host', 'https://host:1'],
    ['https://host/path', 'https://host:1234/path'],
    ['https://host/path?query', 'https://host/path'],
    ['https://host:8000', 'https://host:8000@evil.com'],
    ['https://host', 'https://hosting'],
    ['https://host', 'http://host'],
    ['https://host', 'https://user@host/'],
    ['https://host', 'not a url'],
  ])('refuses %s ← %s', (registered, supplied) => {
    expect(matchesCallbackPrefix(registered, supplied)).toBe(false);
  });
});
