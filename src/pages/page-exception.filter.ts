import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { CacheUnavailableError } from '../cache/cache-unavailable.error';
import { AppException } from '../common/errors/app.exception';
import { html } from '../common/html/html';
import type { AppRequest } from '../common/http/app-request';
import { InputRefusedException } from '../common/http/input-refused.exception';
import { type MessageKey, t } from '../common/messages/catalogue';
import { PageException, SetupRequired, SignInRequired } from './page.exception';
import { PageRenderer } from './page-renderer';

/**
 * Refusals and failures of pages as pages: sign-in needed → 303 to `/login` and back; a service's refusal → its
 * status with its message; anything unexpected → 500 with no internals (logged with the request id).
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageExceptionFilter.name);

  constructor(private readonly pages: PageRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<AppRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      return this.pages.seeOther(response, `/login?returnTo=${encodeURIComponent(exception.returnTo)}`);
    }
    if (exception instanceof SetupRequired) {
      return this.pages.seeOther(response, `${exception.path}?returnTo=${encodeURIComponent(exception.returnTo)}`);
    }
    if (exception instanceof AppException) {
      // Such as `Retry-After` on a 429.
      response.set(exception.headers);
    }
    if (exception instanceof CacheUnavailableError) {
      response.set('Retry-After', String(exception.retryAfter));
    }
    const [status, message] = this.describe(exception, request);
    await this.pages.send(request, response, {
      title: t('error.title'),
      status,
      body: html`<p class="cdx-message cdx-message--error" role="alert">${message}</p>`,
    });
  }

  private describe(exception: unknown, request: AppRequest): [number, string] {
    if (exception instanceof PageException) {
      return [exception.status, t(exception.messageKey)];
    }
    // Services' own exceptions carry messages meant to be shown, also the 503 of read-only mode.
    if (exception instanceof AppException) {
      return [exception.status, exception.message];
    }
    if (exception instanceof InputRefusedException) {
      return [exception.getStatus(), t('error.input-refused')];
    }
    if (exception instanceof CacheUnavailableError) {
      return [HttpStatus.SERVICE_UNAVAILABLE, t('error.unavailable')];
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const key: MessageKey =
        status === 404 ? 'error.not-found' : status === 403 ? 'error.forbidden' : 'error.bad-request';
      return [status, t(key)];
    }
    this.logger.error({ err: exception, requestId: request.id }, 'page failed');
    return [HttpStatus.INTERNAL_SERVER_ERROR, t('error.unexpected')];
  }
}
