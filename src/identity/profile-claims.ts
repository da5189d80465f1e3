import type { UserProfile } from './user-profile';

/** Grants that unlock the real name and email in a profile (reference §4.8). */
const PRIVATE_INFO_GRANTS = ['mwoauth-authonlyprivate', 'privateinfo'];

/** MediaWiki's 14-digit TS_MW timestamp, in UTC. */
export function mediaWikiTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The user's profile as MediaWiki shows it to apps, in OAuth 1's `/identify` and OAuth 2's
 * `/oauth2/resource/profile` (reference §4.8, §5.6): `sub` is the central id as a string, `groups` include the
 * implicit `*` and `user`, and `realname`/`email` appear only with a private-info grant among `grants`.
 */
export function profileClaims(user: UserProfile, grants: string[], rights: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: String(user.id),
    username: user.name,
    editcount: 0,
    confirmed_email: user.emailConfirmed,
    email_verified: user.emailConfirmed,
    blocked: user.blocked,
    registered: mediaWikiTimestamp(user.registeredAt),
    groups: ['*', 'user', ...user.groups],
    rights,
    grants,
  };
  if (grants.some((grant) => PRIVATE_INFO_GRANTS.includes(grant))) {
    claims.realname = user.realName;
    claims.email = user.emailConfirmed ? user.email : '';
  }
  return claims;
}
