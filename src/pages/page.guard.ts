import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { checkCredentialMay } from '../common/auth/checks/check-credential-may';
import { ROUTE_ACCESS, type RouteAccess } from '../common/auth/route-access';
import { constantTimeEquals } from '../common/crypto/crypto';
import { CommonErrorCode } from '../common/errors/common.exception';
import type { AppRequest } from '../common/http/app-request';
import { PageException, SetupRequired, SignInRequired } from './page.exception';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Pages are for people: only a cookie session counts as signed in (a bearer token does not open them), every
 * unsafe request carries the session's CSRF token in the `csrf` form field, and the rights are those of the page,
 * held by an account that is not blocked (`checkCredentialMay`).
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AppRequest>();
    const access = this.reflector.get<Extract<RouteAccess, { kind: 'page' }>>(ROUTE_ACCESS, context.getHandler());
    const signedIn = access.rights.length > 0;
    const session = request.auth?.via === 'session' ? request.auth.session : undefined;
    if (!session) {
      // A signed-out visitor of a public page is a visitor; an API credential does not make a person.
      request.auth = undefined;
    }
    if (!SAFE_METHODS.has(request.method)) {
      if (!request.is('application/x-www-form-urlencoded')) {
        // Pages take HTML forms only: every field is then a string or a list of strings.
        throw new PageException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'error.not-a-form');
      }
      const sent: unknown = (request.body as Record<string, unknown> | undefined)?.csrf;
      if (!session || typeof sent !== 'string' || !constantTimeEquals(sent, session.csrfToken)) {
        throw session || !signedIn
          ? new PageException(HttpStatus.FORBIDDEN, 'error.form-expired')
          : new SignInRequired('/');
      }
    }
    if (!signedIn) {
      return true;
    }
    if (!request.auth) {
      throw new SignInRequired(SAFE_METHODS.has(request.method) ? request.originalUrl : '/');
    }
    const refusal = checkCredentialMay(request.auth, access);
    if (
      refusal?.code === CommonErrorCode.PasswordChangeRequired ||
      refusal?.code === CommonErrorCode.SecondFactorRequired
    ) {
      throw new SetupRequired(
        refusal.code === CommonErrorCode.PasswordChangeRequired ? '/account/password' : '/account/two-factor',
        SAFE_METHODS.has(request.method) ? request.originalUrl : '/',
      );
    }
    if (refusal) {
      throw new PageException(
        HttpStatus.FORBIDDEN,
        refusal.code === CommonErrorCode.Blocked ? 'error.blocked' : 'error.forbidden',
      );
    }
    return true;
  }
}
