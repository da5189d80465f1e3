import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CacheUnavailableError } from '../../cache/cache-unavailable.error';
import type { AppRequest } from '../http/app-request';
import { InputRefusedException } from '../http/input-refused.exception';
import { AppException } from './app.exception';
import { CommonErrorCode } from './common.exception';
import type { ErrorBodyDto } from './error-body.dto';

/**
 * Renders every error of the management API as `{ code, message, requestId }`. Known errors keep their
 * status; anything unexpected is logged with its stack and answered as a bare 500, never with internals.
 */
@Catch()
export class ManagementExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AppRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, code, message } = this.describe(exception, request);
    const body: ErrorBodyDto = { code, message, requestId: request.id };
    if (!response.headersSent) {
      if (exception instanceof AppException) {
        response.set(exception.headers);
      }
      if (exception instanceof CacheUnavailableError) {
        response.set('Retry-After', String(exception.retryAfter));
      }
      response.status(status).json(body);
    }
  }

  private describe(exception: unknown, request: AppRequest): { status: number; code: string; message: string } {
    if (exception instanceof AppException) {
      const known = exception as AppException;
      return { status: known.status, code: known.code, message: known.message };
    }
    if (exception instanceof InputRefusedException) {
      return { status: exception.getStatus(), code: exception.code, message: exception.message };
    }
    if (exception instanceof CacheUnavailableError) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, code: CommonErrorCode.Unavailable, message: exception.message };
    }
    if (exception instanceof HttpException) {
      return describeHttpException(exception);
    }
    this.logger.error(
      { err: exception, requestId: request.id, method: request.method, path: request.path },
      'unexpected error',
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: CommonErrorCode.InternalError,
      message: 'An unexpected error occurred; quote the request id when reporting it',
    };
  }
}

function describeHttpException(exception: HttpException): { status: number; code: string; message: string } {
  const status = exception.getStatus();
  const answer = exception.getResponse();
  const detail = typeof answer === 'object' && answer !== null ? (answer as { message?: unknown }).message : answer;
  const message = Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : exception.message;
  return { status, code: codeForStatus(status), message };
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return CommonErrorCode.ValidationFailed;
    case 401:
      return CommonErrorCode.NotAuthenticated;
    case 403:
      return CommonErrorCode.PermissionDenied;
    case 404:
      return CommonErrorCode.NotFound;
    case 413:
      return CommonErrorCode.PayloadTooLarge;
    case 415:
      return CommonErrorCode.UnsupportedMediaType;
    default:
      return status >= 500 ? CommonErrorCode.InternalError : `http_${status}`;
  }
}
