import type { UserProfile } from '../../identity/user-profile';
import { scopeClaims } from './scope-claims';

const user: UserProfile = {
  id: 42,
  name: 'Alice',
  email: 'alice@example.org',
  emailConfirmed: true,
  realName: 'Alice Liddell',
  groups: [],
  rights: [],
  registeredAt: new Date(0),
  blocked: false,
  locked: false,
  passwordChangeRequired: false,
  sessionsValidFrom: null,
  preferences: { gender: 'unknown' },
};

describe('scopeClaims', () => {
  it('gives only sub for openid alone', () => {
    expect(scopeClaims(user, ['openid'])).toEqual({ sub: '42' });
  });

  it('gives the names for profile and the address for email', () => {
    expect(scopeClaims(user, ['openid', 'profile', 'email'])).toEqual({
      sub: '42',
      preferred_username: 'Alice',
      name: 'Alice Liddell',
      email: 'alice@example.org',
      email_verified: true,
    });
  });

  it('never gives an unconfirmed address, and says it is not verified', () => {
    expect(scopeClaims({ ...user, emailConfirmed: false }, ['openid', 'email'])).toEqual({
      sub: '42',
      email_verified: false,
    });
  });

  it('leaves out a real name the user has not set', () => {
    expect(scopeClaims({ ...user, realName: '' }, ['openid', 'profile'])).toEqual({
      sub: '42',
      preferred_username: 'Alice',
    });
  });
});
