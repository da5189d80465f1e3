import { CommonErrorCode } from '../../errors/common.exception';
import type { AuthContext } from '../auth-context';
import type { CallerAccess } from '../route-access';
import { missingRights } from '../rights';

/** Why a credential may not use a route; the guard answers it as JSON, `PageGuard` as a page. */
export interface CredentialRefusal {
  code:
    | CommonErrorCode.Blocked
    | CommonErrorCode.PasswordChangeRequired
    | CommonErrorCode.SecondFactorRequired
    | CommonErrorCode.PermissionDenied;
  message: string;
}

/**
 * What may this credential do: may `caller` use a route declared `access`? In this order:
 * 1. a blocked account acts nowhere, through a session or a token (MediaWiki refuses a blocked user's OAuth session,
 *    reference §6.3, and every consumer-management action, §2.1);
 * 2. a session with a required setup may only do it, or sign out: a new password after an admin's reset (MediaWiki's
 *    forced change), a second factor the person's group requires (OATHAuth's `$wgOATHRequiredForGroups`);
 * 3. routes for cookie sessions (signing out, the pages) take no OAuth token;
 * 4. every declared right is held. An OAuth caller holds its user's rights cut to those of its grants (DESIGN §3, §7,
 *    computed by `effectiveRights`), so an auth-only token (`mwoauth-authonly*`) holds none and reaches nothing but
 *    the identity doors.
 */
export function checkCredentialMay(
  caller: Pick<AuthContext, 'blocked' | 'session' | 'rights' | 'setupRequired'>,
  access: CallerAccess,
): CredentialRefusal | undefined {
  if (caller.blocked) {
    return { code: CommonErrorCode.Blocked, message: 'Your account is blocked' };
  }
  if (caller.setupRequired && caller.session && !('duringSetup' in access)) {
    return caller.setupRequired === 'password-change'
      ? {
          code: CommonErrorCode.PasswordChangeRequired,
          message: 'Your password was reset: choose a new one first (POST /api/me/password)',
        }
      : {
          code: CommonErrorCode.SecondFactorRequired,
          message: 'Your group requires two-factor authentication: set it up first (POST /api/me/two-factor/totp)',
        };
  }
  if (access.kind !== 'rights' && !caller.session) {
    return { code: CommonErrorCode.PermissionDenied, message: 'This route is for signed-in browsers, not OAuth apps' };
  }
  const missing = access.kind === 'session' ? [] : missingRights(access.rights, caller.rights);
  if (missing.length > 0) {
    return { code: CommonErrorCode.PermissionDenied, message: `This action needs the right ${missing.join(', ')}` };
  }
  return undefined;
}
