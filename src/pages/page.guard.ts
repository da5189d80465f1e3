import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { missingRights } from '../common/auth/rights';
import { constantTimeEquals } from '../common/crypto/crypto';
import type { AppRequest } from '../common/http/app-request';
import { PAGE_ACCESS, type PageAccessOptions } from './page-access';
import { PageException, SignInRequired } from './page.exception';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Pages are for people: only a cookie session counts as signed in (a bearer token does not open them), every
 * unsafe request carries the session's CSRF token in the `csrf` form field, and the rights are those of the page.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AppRequest>();
    const options = this.reflector.get<Required<PageAccessOptions>>(PAGE_ACCESS, context.getHandler());
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
        throw session || !options.signedIn
          ? new PageException(HttpStatus.FORBIDDEN, 'error.form-expired')
          : new SignInRequired('/');
      }
    }
    if (options.signedIn && !session) {
      throw new SignInRequired(SAFE_METHODS.has(request.method) ? request.originalUrl : '/');
    }
    if (request.auth && missingRights(options.rights, request.auth.rights).length > 0) {
      throw new PageException(HttpStatus.FORBIDDEN, 'error.forbidden');
    }
    return true;
  }
}
