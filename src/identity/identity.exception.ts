import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid_credentials',
  UserExists = 'user_exists',
  UserNameConfusable = 'user_name_confusable',
  UserNotFound = 'user_not_found',
  UnknownGroup = 'unknown_group',
  InvalidUserName = 'invalid_user_name',
  Throttled = 'throttled',
  WeakPassword = 'weak_password',
  SessionNotFound = 'session_not_found',
  SecondFactorExists = 'second_factor_exists',
  InvalidSecondFactor = 'invalid_second_factor',
  SecondFactorNotFound = 'second_factor_not_found',
  InvalidPreferences = 'invalid_preferences',
  DirectoryUnavailable = 'directory_unavailable',
  DirectoryNameClash = 'directory_name_clash',
  UpstreamNotFound = 'upstream_not_found',
  UpstreamUnavailable = 'upstream_unavailable',
  UpstreamSignInRefused = 'upstream_sign_in_refused',
}

const STATUS: Record<IdentityErrorCode, HttpStatus> = {
  [IdentityErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [IdentityErrorCode.UserExists]: HttpStatus.CONFLICT,
  [IdentityErrorCode.UserNameConfusable]: HttpStatus.CONFLICT,
  [IdentityErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.UnknownGroup]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.InvalidUserName]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.Throttled]: HttpStatus.TOO_MANY_REQUESTS,
  [IdentityErrorCode.WeakPassword]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.SessionNotFound]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.SecondFactorExists]: HttpStatus.CONFLICT,
  [IdentityErrorCode.InvalidSecondFactor]: HttpStatus.UNAUTHORIZED,
  [IdentityErrorCode.SecondFactorNotFound]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.InvalidPreferences]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.DirectoryUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [IdentityErrorCode.DirectoryNameClash]: HttpStatus.CONFLICT,
  [IdentityErrorCode.UpstreamNotFound]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.UpstreamUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [IdentityErrorCode.UpstreamSignInRefused]: HttpStatus.BAD_REQUEST,
};

export class IdentityException extends AppException<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string, headers?: Record<string, string>) {
    super(code, STATUS[code], message, headers);
  }
}
