import type { AppRequest } from '../http/app-request';
import type { AuthContext } from './auth-context';

/**
 * One way of recognising a caller (session cookie, OAuth 1 signature, OAuth 2 bearer token). Answers
 * `undefined` when the request carries no credential of its kind, and throws when it carries a bad one.
 */
export interface RequestAuthenticator {
  authenticate(request: AppRequest): Promise<AuthContext | undefined>;
}
