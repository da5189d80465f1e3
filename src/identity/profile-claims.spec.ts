import { mediaWikiTimestamp, profileClaims } from './profile-claims';
import type { UserProfile } from './user-profile';

const user: UserProfile = {
  id: 7,
  name: 'Alice',
  email: 'alice@example.com',
  emailConfirmed: true,
  realName: 'Alice Liddell',
  groups: ['oauthadmin'],
  rights: ['mwoauthmanageconsumer', 'mwoauthviewprivate'],
  registeredAt: new Date('2026-11-23T09:20:53.456Z'),
  blocked: false,
  locked: false,
  passwordChangeRequired: false,
  sessionsValidFrom: null,
  preferences: { gender: 'unknown' },
};

describe('profileClaims (reference §4.8, §5.6)', () => {
  it('describes the user with the rights it is given, not all of theirs', () => {
    expect(profileClaims(user, ['basic'], ['mwoauthviewprivate'])).toEqual({
      sub: '7',
      username: 'Alice',
      editcount: 0,
      confirmed_email: true,
      email_verified: true,
      blocked: false,
      registered: '20261123092053',
      groups: ['*', 'user', 'oauthadmin'],
      rights: ['mwoauthviewprivate'],
      grants: ['basic'],
    });
  });

  it('adds the real name and confirmed email only with a private-info grant', () => {
    expect(profileClaims(user, ['privateinfo'], [])).toMatchObject({ realname: 'Alice Liddell', email: user.email });
    expect(profileClaims({ ...user, emailConfirmed: false }, ['mwoauth-authonlyprivate'], []).email).toBe('');
  });

  it('formats MediaWiki timestamps', () => {
    expect(mediaWikiTimestamp(new Date('2020-01-01T00:00:00Z'))).toBe('20200101000000');
  });
});
