import { HttpStatus } from '@nestjs/common';
import { AppException } from './app.exception';

export enum CommonErrorCode {
  NotAuthenticated = 'not_authenticated',
  PermissionDenied = 'permission_denied',
  CsrfFailed = 'csrf_failed',
  Blocked = 'blocked',
  PasswordChangeRequired = 'password_change_required',
  SecondFactorRequired = 'second_factor_required',
  ValidationFailed = 'validation_failed',
  InvalidJson = 'invalid_json',
  PayloadTooLarge = 'payload_too_large',
  HeadersTooLarge = 'request_header_fields_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  NotFound = 'not_found',
  RateLimited = 'rate_limited',
  InternalError = 'internal_error',
  Unavailable = 'temporarily_unavailable',
}

const STATUS: Record<CommonErrorCode, HttpStatus> = {
  [CommonErrorCode.NotAuthenticated]: HttpStatus.UNAUTHORIZED,
  [CommonErrorCode.PermissionDenied]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.CsrfFailed]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.Blocked]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.PasswordChangeRequired]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.SecondFactorRequired]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.InvalidJson]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [CommonErrorCode.HeadersTooLarge]: 431 as HttpStatus,
  [CommonErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [CommonErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [CommonErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [CommonErrorCode.InternalError]: HttpStatus.INTERNAL_SERVER_ERROR,
  [CommonErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export class CommonException extends AppException<CommonErrorCode> {
  constructor(code: CommonErrorCode, message: string, headers?: Record<string, string>) {
    super(code, STATUS[code], message, headers);
  }
}
