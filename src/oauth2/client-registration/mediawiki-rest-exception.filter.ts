import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { AppException } from '../../common/errors/app.exception';
import { ConsumerErrorCode } from '../../consumers/consumer.exception';

/** MediaWiki's REST handler answers these with its own statuses (reference §5.7). */
const REST_STATUS: Partial<Record<string, number>> = {
  [ConsumerErrorCode.ConsumerNotFound]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.NotOwner]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.Suppressed]: HttpStatus.UNAUTHORIZED,
};

/**
 * Errors of the MediaWiki-compatible client endpoints in MediaWiki's REST shape:
 * `{ messageTranslations: { en }, errorKey, httpCode, httpReason }`; never internals.
 */
@Catch()
export class MediaWikiRestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(MediaWikiRestExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let errorKey = 'internal_error';
    let message = 'An unexpected error occurred';
    if (exception instanceof AppException) {
      const known = exception as AppException;
      status = REST_STATUS[known.code] ?? known.status;
      errorKey = known.code;
      message = known.message;
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
