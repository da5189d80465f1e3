import type { AppRequest } from '../common/http/app-request';
import type { SignInContext } from './login.service';
import { SESSION_COOKIE } from './session-cookie';

/** What a sign-in or a change of password needs to know of the request it comes in. */
export function signInContext(request: AppRequest): SignInContext {
  const cookie: unknown = request.cookies?.[SESSION_COOKIE];
  return {
    ip: request.ip,
    userAgent: request.header('user-agent') ?? '',
    previousSessionId: typeof cookie === 'string' ? cookie : undefined,
  };
}
