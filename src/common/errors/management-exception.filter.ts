import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { AppRequest } from '../http/app-request';
import { AppException } from './app.exception';
import { type BodyParserError, isBodyParserError } from './body-parser-error';
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
      response.status(status).json(body);
    }
  }

  private describe(exception: unknown, request: AppRequest): { status: number; code: string; message: string } {
    if (exception instanceof AppException) {
      const known = exception as AppException;
      return { status: known.status, code: known.code, message: known.message };
    }
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyParserError(cause)) {
      return describeBodyParserError(cause);
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

function describeBodyParserError(error: BodyParserError): { status: number; code: string; message: string } {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: CommonErrorCode.InvalidJson, message: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: CommonErrorCode.PayloadTooLarge, message: 'The request body is too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: CommonErrorCode.UnsupportedMediaType, message: 'Unsupported body encoding' };
    default: {
      const status = error.status >= 400 && error.status < 500 ? error.status : 400;
      return { status, code: CommonErrorCode.ValidationFailed, message: 'The request body could not be read' };
    }
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
