import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppException } from '../../common/errors/app.exception';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, isBackendUnavailable } from '../../common/errors/backend-unavailable';
import { LogoutTokenRefused } from './upstream-logout-token';

/**
 * Back-Channel Logout 1.0 §2.8 answers for Gatehouse's receiving end: every refusal (a bad logout token, a body
 * without one, an unknown provider) is 400 `{"error":"invalid_request"}`; a store or an upstream that does not answer
 * is 503, so that the upstream tries again rather than taking the logout for done. Never cached.
 */
@Catch()
export class BackchannelLogoutExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('UpstreamBackchannelLogout');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.set({ 'Cache-Control': 'no-store' });
    const status =
      exception instanceof AppException
        ? Number(exception.status)
        : exception instanceof HttpException
          ? exception.getStatus()
          : undefined;
    if (exception instanceof LogoutTokenRefused || (status !== undefined && status < 500)) {
      const why = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn({ reason: why }, 'an upstream logout token was refused');
      response.status(400).json({ error: 'invalid_request', error_description: why });
      return;
    }
    if (status === 503 || isBackendUnavailable(exception)) {
      response.status(503).set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      response.json({ error: 'temporarily_unavailable' });
      return;
    }
    this.logger.error({ err: exception }, 'unexpected error');
    response.status(500).json({ error: 'server_error' });
  }
}
