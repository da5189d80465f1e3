import type { AppRequest } from '../http/app-request';
import type { AuthContext } from './auth-context';

/**
 * One way of recognising a caller (session cookie, OAuth 1 signature, OAuth 2 bearer token). `offeredBy` says,
 * synchronously and without a lookup, whether the request carries a credential of this kind at all: only those that
 * do are asked to `authenticate`, which answers `undefined` when it recognises no caller and throws when the
 * credential is bad.
 */
export interface RequestAuthenticator {
  offeredBy(request: AppRequest): boolean;
  authenticate(request: AppRequest): Promise<AuthContext | undefined>;
}
