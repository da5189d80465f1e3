import type { UserProfile } from '../../identity/user-profile';

/** The standard claims an ID Token or UserInfo answer may carry for the granted scopes. */
export interface StandardClaims {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
}

/**
 * OpenID Connect Core §5.4: `profile` gives the user name and, when set, the real name; `email` gives the address
 * only once it is confirmed (MediaWiki's rule since T283456) and says whether it is. `sub` is the central user id,
 * as MediaWiki's `identify` gives it. A scope the client was not granted gives nothing.
 */
export function scopeClaims(user: UserProfile, scopes: readonly string[]): StandardClaims {
  const claims: StandardClaims = { sub: String(user.id) };
  if (scopes.includes('profile')) {
    claims.preferred_username = user.name;
    if (user.realName !== '') {
      claims.name = user.realName;
    }
  }
  if (scopes.includes('email')) {
    if (user.emailConfirmed && user.email !== '') {
      claims.email = user.email;
    }
    claims.email_verified = user.emailConfirmed && user.email !== '';
  }
  return claims;
}

/** The claims `claims_supported` lists (Discovery §3), with MediaWiki's extras that UserInfo adds. */
export const SUPPORTED_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'sid',
  'amr',
  'preferred_username',
  'name',
  'email',
  'email_verified',
  'groups',
  'rights',
  'grants',
];
