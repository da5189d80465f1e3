import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { constantTimeEquals } from '../crypto/crypto';
import { CommonErrorCode, CommonException } from '../errors/common.exception';
import type { AppRequest } from '../http/app-request';
import type { AuthContext } from './auth-context';
import { AUTHORIZE_METADATA, type AuthorizeOptions, PUBLIC_METADATA } from './authorize.decorator';
import { AuthenticatorRegistry } from './authenticator.registry';
import { missingRights } from './rights';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard. Default deny: a handler without `@Authorize` or `@Public` is refused. On
 * authorized handlers it needs a caller, every listed right, and for cookie sessions on unsafe methods
 * the CSRF token echoed in `X-CSRF-Token`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticators: AuthenticatorRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AppRequest>();
    // Raised here, the first step that knows the route, so the route's own filter answers in its format.
    if (request.inputRefusal) {
      throw request.inputRefusal;
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) {
      request.auth = await this.authenticators.authenticate(request).catch(() => undefined);
      return true;
    }
    const options = this.reflector.getAllAndOverride<Required<AuthorizeOptions> | undefined>(
      AUTHORIZE_METADATA,
      targets,
    );
    if (!options) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has neither @Authorize nor @Public`);
      throw new CommonException(CommonErrorCode.PermissionDenied, 'This route is not open to anyone');
    }
    const auth = await this.authenticators.authenticate(request);
    if (!auth) {
      throw new CommonException(CommonErrorCode.NotAuthenticated, 'Sign in first');
    }
    request.auth = auth;
    this.checkCsrf(request, auth);
    const missing = missingRights(options.rights, auth.rights);
    if (missing.length > 0) {
      throw new CommonException(CommonErrorCode.PermissionDenied, `This action needs the right ${missing.join(', ')}`);
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
