import type { UserProfile } from '../../identity/user-profile';

/** Grants that unlock the real name and email in the identity (reference §4.8). */
const PRIVATE_INFO_GRANTS = ['mwoauth-authonlyprivate', 'privateinfo'];

/** JWT lifetime of MediaWiki's /identify. */
export const IDENTIFY_TTL_SECONDS = 100;

export interface IdentifyInput {
  issuer: string;
  consumerKey: string;
  nonce: string;
  user: UserProfile;
  grants: string[];
  now: Date;
}

/** MediaWiki's 14-digit TS_MW timestamp, in UTC. */
export function mediaWikiTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The claims of MediaWiki's OAuth 1 identity JWT (reference §4.8): `sub` is the central id as a string,
 * `groups` include the implicit `*` and `user`, and `realname`/`email` appear only with a private-info grant.
 */
export function identifyClaims(input: IdentifyInput): Record<string, unknown> {
  const { user } = input;
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    aud: input.consumerKey,
    exp: iat + IDENTIFY_TTL_SECONDS,
    iat,
    nonce: input.nonce,
    sub: String(user.id),
    username: user.name,
    editcount: 0,
    confirmed_email: user.emailConfirmed,
    email_verified: user.emailConfirmed,
    blocked: user.blocked,
    registered: mediaWikiTimestamp(user.registeredAt),
    groups: ['*', 'user', ...user.groups],
    rights: user.rights,
    grants: input.grants,
  };
  if (input.grants.some((grant) => PRIVATE_INFO_GRANTS.includes(grant))) {
    claims.realname = user.realName;
    claims.email = user.emailConfirmed ? user.email : '';
  }
  return claims;
}
