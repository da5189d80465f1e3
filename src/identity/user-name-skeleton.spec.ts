import { userNameSkeleton } from './user-name-skeleton';

describe('userNameSkeleton', () => {
  it.each([
    ['Admin', '\uff21dmin'],
    ['Admin', 'Adm\u0456n'],
    ['Admin', '\u0391dmin'],
    ['Admin', '\u0410dmin'],
    ['Admin', '\u{1d400}dmin'],
    ['Admin', 'ADMIN'],
    ['Admin', 'AdmIn'],
    ['Admin', 'Adm1n'],
    ['Admin', 'Admln'],
    ['Admin', 'Adrnin'],
    ['Bob', 'B0b'],
    ['Paypal', 'Pa\u0443pal'],
    ['Мария', 'Ma\u0440\u0438\u044f'],
    ['\u00c9mile', 'E\u0301mile'],
  ])('%p and %p look alike', (name, lookalike) => {
    expect(userNameSkeleton(lookalike)).toBe(userNameSkeleton(name));
  });

  it.each([
    ['Admin', 'Admins'],
    ['Admin', 'Adam'],
    ['Mария', 'Maria'],
    ['Émile', 'Emile'],
    ['Bob', 'Rob'],
    ['李小龍', '李小龙'],
  ])('%p and %p do not', (name, other) => {
    expect(userNameSkeleton(other)).not.toBe(userNameSkeleton(name));
  });

  it('is a fixed-length key', () => {
    expect(userNameSkeleton('A rather long user name, with ｆｕｌｌｗｉｄｔｈ letters')).toMatch(/^[0-9a-f]{64}$/);
  });
});
