import { CommonErrorCode } from '../../errors/common.exception';
import type { AuthContext } from '../auth-context';
import type { CallerAccess } from '../route-access';
import { missingRights } from '../rights';

/** Why a credential may not use a route; the guard answers it as JSON, `PageGuard` as a page. */
export interface CredentialRefusal {
  code: CommonErrorCode.Blocked | CommonErrorCode.PasswordChangeRequired | CommonErrorCode.PermissionDenied;
  message: string;
}

/**
 * What may this credential do: may `caller` use a route declared `access`? In this order:
 * 1. a blocked account acts nowhere, through a session or a token (MediaWiki refuses a blocked user's OAuth session,
 *    reference §6.3, and every consumer-management action, §2.1);
 * 2. a session whose password an admin reset may only choose a new one, or sign out (MediaWiki's forced password
 *    change after a reset: the person is sent to the form before anything else);
 * 3. routes for cookie sessions (signing out, the pages) take no OAuth token;
 * 4. every declared right is held. An OAuth caller holds its user's rights cut to those of its grants (DESIGN §3, §7,
 *    computed by `effectiveRights`), so an auth-only token (`mwoauth-authonly*`) holds none and reaches nothing but
 *    the identity doors.
 */
export function checkCredentialMay(
  caller: Pick<AuthContext, 'blocked' | 'session' | 'rights' | 'passwordChangeRequired'>,
  access: CallerAccess,
): CredentialRefusal | undefined {
  if (caller.blocked) {
    return { code: CommonErrorCode.Blocked, message: 'Your account is blocked' };
  }
  if (caller.passwordChangeRequired && caller.session && !('duringPasswordChange' in access)) {
    return {
      code: CommonErrorCode.PasswordChangeRequired,
      message: 'Your password was reset: choose a new one first (POST /api/me/password)',
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
