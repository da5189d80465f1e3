import { subpageOfTitle } from './special-page-title';

describe('subpageOfTitle', () => {
  it.each([
    ['Special:OAuth/initiate', 'initiate'],
    ['special:oauth/Initiate', 'initiate'],
    ['Special:OAuth/authorize', 'authorize'],
    ['Special:OAuth/authenticate', 'authenticate'],
    ['Special:OAuth/token', 'token'],
    ['Special:OAuth/identify', 'identify'],
    ['Special:OAuth/verified', 'verified'],
    ['Special:OAuth/token ', 'token'],
  ])('%s → %s', (title, subpage) => {
    expect(subpageOfTitle(title)).toBe(subpage);
  });

  it.each(['Special:OAuth', 'Special:OAuth/', 'Special:OAuth/approve', 'Main_Page', 'Special:OAuth/token/x', ''])(
    'refuses %p',
    (title) => {
      expect(subpageOfTitle(title)).toBeUndefined();
    },
  );
});
