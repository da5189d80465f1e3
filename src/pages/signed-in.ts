import type { AuthContext } from '../common/auth/auth-context';
import type { AppRequest } from '../common/http/app-request';

/** A person signed in with a cookie session: the only kind `PageGuard` lets into pages that need signing in. */
export type SignedInAuth = AuthContext & Required<Pick<AuthContext, 'session'>>;

/** The person on a page declared `@PageAccess({ rights })`; the guard made sure of them. */
export function signedIn(request: AppRequest): SignedInAuth {
  const auth = request.auth;
  if (!auth?.session) {
    throw new Error('PageGuard let a request without a session into a signed-in page');
  }
  return { ...auth, session: auth.session };
}
