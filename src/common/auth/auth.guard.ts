import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { constantTimeEquals } from '../crypto/crypto';
import { isBackendUnavailable } from '../errors/backend-unavailable';
import { CommonErrorCode, CommonException } from '../errors/common.exception';
import type { AppRequest } from '../http/app-request';
import type { AuthContext } from './auth-context';
import { AuthenticatorRegistry } from './authenticator.registry';
import { checkCredentialMay } from './checks/check-credential-may';
import { type CallerAccess, ROUTE_ACCESS, type RouteAccess } from './route-access';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard, over each route's declaration (`route-access.ts`). Default deny: a handler without one is
 * refused. Public routes, protocol doors and pages are reached by anyone, with the caller identified when a
 * credential comes along (doors authenticate their own, `PageGuard` guards pages). Elsewhere it needs a caller, for
 * cookie sessions on unsafe methods the CSRF token echoed in `X-CSRF-Token`, and what `checkCredentialMay` says.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticators: AuthenticatorRegistry,
  ) {}

  /**
   * Synchronous where nothing needs waiting for: a route anyone may reach, asked without any credential (probes,
   * metadata, protocol doors that read their own), passes without a promise. On the main port's bare route the
   * awaited authenticator chain cost about a tenth of the request (docs/performance.md).
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AppRequest>();
    // Raised here, the first step that knows the route, so the route's own filter answers in its format.
    if (request.inputRefusal) {
      throw request.inputRefusal;
    }
    if (!access) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access`);
      throw new CommonException(CommonErrorCode.PermissionDenied, 'This route is not open to anyone');
    }
    if (access.kind !== 'rights' && access.kind !== 'session') {
      return this.authenticators.carriesCredential(request) ? this.identifyIfAny(request, access) : true;
    }
    return this.requireCaller(request, access);
  }

  /**
   * On a route anyone may reach, the caller when the credential is good; a bad one makes no caller, not a refusal.
   * A store that does not answer is no verdict on the credential: that is a 503 (issue 24), not a visitor sent to
   * sign in again.
   */
  private async identifyIfAny(request: AppRequest, access: RouteAccess): Promise<boolean> {
    const auth = await this.authenticators.authenticate(request).catch((error: unknown) => {
      if (isBackendUnavailable(error)) {
        throw error;
      }
      return undefined;
    });
    // A session with a required setup is nobody at the protocol doors (consent pages send it to sign in, which sends
    // it on to the setup); pages say so themselves (`PageGuard`).
    request.auth = auth?.setupRequired && access.kind !== 'page' ? undefined : auth;
    return true;
  }

  private async requireCaller(request: AppRequest, access: CallerAccess): Promise<boolean> {
    const auth = await this.authenticators.authenticate(request);
    if (!auth) {
      throw new CommonException(CommonErrorCode.NotAuthenticated, 'Sign in first');
    }
    request.auth = auth;
    this.checkCsrf(request, auth);
    const refusal = checkCredentialMay(auth, access);
    if (refusal) {
      throw new CommonException(refusal.code, refusal.message);
    }
    return true;
  }

  private checkCsrf(request: AppRequest, auth: AuthContext): void {
    if (!auth.session || SAFE_METHODS.has(request.method)) {
      return;
    }
    const token = request.header('x-csrf-token');
    if (!token || !constantTimeEquals(token, auth.session.csrfToken)) {
      throw new CommonException(
        CommonErrorCode.CsrfFailed,
        'Cookie-authenticated changes need the X-CSRF-Token header',
      );
    }
  }
}
