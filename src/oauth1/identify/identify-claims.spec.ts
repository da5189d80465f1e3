import type { UserProfile } from '../../identity/user-profile';
import { identifyClaims } from './identify-claims';

const user: UserProfile = {
  id: 7,
  name: 'Alice',
  email: 'alice@example.com',
  emailConfirmed: true,
  realName: 'Alice Liddell',
  groups: ['oauthadmin'],
  rights: ['mwoauthmanageconsumer'],
  registeredAt: new Date('2026-11-23T09:20:53.456Z'),
  blocked: false,
  locked: false,
  passwordChangeRequired: false,
  sessionsValidFrom: null,
  preferences: { gender: 'unknown' },
};
const input = {
  issuer: 'https://auth.example',
  consumerKey: 'k'.repeat(32),
  nonce: 'n1',
  user,
  now: new Date(1_795_425_859_000),
};

describe('identifyClaims (reference §4.8)', () => {
  it('carries every always-present claim with MediaWiki types', () => {
    const claims = identifyClaims({ ...input, grants: ['mwoauth-authonly'] });
    expect(claims).toEqual({
      iss: 'https://auth.example',
      aud: 'k'.repeat(32),
      iat: 1_795_425_859,
      exp: 1_795_425_959,
      nonce: 'n1',
      sub: '7',
      username: 'Alice',
      editcount: 0,
      confirmed_email: true,
      email_verified: true,
      blocked: false,
      registered: '20261123092053',
      groups: ['*', 'user', 'oauthadmin'],
      rights: ['mwoauthmanageconsumer'],
      grants: ['mwoauth-authonly'],
    });
  });

  it.each(['mwoauth-authonlyprivate', 'privateinfo'])('adds realname and email with %s', (grant) => {
    expect(identifyClaims({ ...input, grants: ['basic', grant] })).toMatchObject({
      realname: 'Alice Liddell',
      email: 'alice@example.com',
    });
  });

  it('gives an empty email when it is not confirmed', () => {
    const claims = identifyClaims({
      ...input,
      user: { ...user, emailConfirmed: false },
      grants: ['mwoauth-authonlyprivate'],
    });
    expect(claims.email).toBe('');
  });
});
