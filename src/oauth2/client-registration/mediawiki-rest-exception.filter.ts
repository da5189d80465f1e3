import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { AppException } from '../../common/errors/app.exception';
import { unavailableOr } from '../../common/errors/backend-unavailable';
import { CommonException } from '../../common/errors/common.exception';
import { ConsumerErrorCode } from '../../consumers/consumer.exception';

/**
 * MediaWiki's REST handler answers every controller failure with 400 (reference §5.7), except actions on
 * suppressed clients (401); the guard's refusals (sign-in, rights, blocked account, CSRF) keep their 401/403, and an
 * abuse limit its 429 (MediaWiki's REST rate limits answer 429 too), and storage that does not answer its 503.
 */
function restStatus(exception: AppException): number {
  if (exception.code === (ConsumerErrorCode.Suppressed as string)) {
    return HttpStatus.UNAUTHORIZED;
  }
  const status: number = exception.status;
  return status === 401 || ([403, 429, 503].includes(status) && exception instanceof CommonException) ? status : 400;
}

/**
 * Errors of the MediaWiki-compatible client endpoints in MediaWiki's REST shape:
 * `{ messageTranslations: { en }, errorKey, httpCode, httpReason }`; never internals.
 */
@Catch()
export class MediaWikiRestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(MediaWikiRestExceptionFilter.name);

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = unavailableOr(thrown);
    const response = host.switchToHttp().getResponse<Response>();
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let errorKey = 'internal_error';
    let message = 'An unexpected error occurred';
    if (exception instanceof AppException) {
      const known = exception as AppException;
      status = restStatus(known);
      errorKey = known.code;
      message = known.message;
      response.set(known.headers);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const answer = exception.getResponse() as { message?: unknown } | string;
      const detail = typeof answer === 'string' ? answer : answer.message;
      message = Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : exception.message;
      errorKey = status === 400 ? 'validation_failed' : `http_${status}`;
    } else {
      this.logger.error({ err: exception }, 'unexpected error');
    }
    response
      .status(status)
      .json({ messageTranslations: { en: message }, errorKey, httpCode: status, httpReason: STATUS_CODES[status] });
  }
}
