import { profileClaims } from '../../identity/profile-claims';
import type { UserProfile } from '../../identity/user-profile';

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

/** The claims of MediaWiki's OAuth 1 identity JWT (reference §4.8): the user's profile with all their rights. */
export function identifyClaims(input: IdentifyInput): Record<string, unknown> {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    aud: input.consumerKey,
    exp: iat + IDENTIFY_TTL_SECONDS,
    iat,
    nonce: input.nonce,
    ...profileClaims(input.user, input.grants, input.user.rights),
  };
}
