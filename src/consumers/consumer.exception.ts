import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';

/** MediaWiki's controller error codes (reference §2.1) where it has one. */
export enum ConsumerErrorCode {
  InvalidField = 'invalid_field',
  InvalidCallbackUrl = 'invalid_callback_url',
  InvalidPostLogoutRedirectUri = 'invalid_post_logout_redirect_uri',
  InvalidBackchannelLogoutUri = 'invalid_backchannel_logout_uri',
  InvalidClientKeys = 'invalid_client_keys',
  InvalidGrants = 'invalid_grants',
  InvalidVersion = 'invalid_version',
  InvalidRsaKey = 'invalid_rsa_key',
  InvalidRestrictions = 'invalid_restrictions',
  EmailNotConfirmed = 'email_not_confirmed',
  EmailMismatched = 'email_mismatched',
  ConsumerExists = 'consumer_exists',
  VersionNotHigher = 'version_not_higher',
  ConsumerNotFound = 'consumer_not_found',
  NotOwner = 'not_owner',
  ChangeConflict = 'change_conflict',
  NotProposed = 'not_proposed',
  NotApproved = 'not_approved',
  NotDisabled = 'not_disabled',
  NotUpdatable = 'not_updatable',
  ConfigurationBased = 'configuration_based',
  Suppressed = 'suppressed',
  ReadOnly = 'readonly',
}

const STATUS: Record<ConsumerErrorCode, HttpStatus> = {
  [ConsumerErrorCode.InvalidField]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidCallbackUrl]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidPostLogoutRedirectUri]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidBackchannelLogoutUri]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidClientKeys]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidGrants]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidVersion]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidRsaKey]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidRestrictions]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.EmailNotConfirmed]: HttpStatus.FORBIDDEN,
  [ConsumerErrorCode.EmailMismatched]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.ConsumerExists]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.VersionNotHigher]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.ConsumerNotFound]: HttpStatus.NOT_FOUND,
  [ConsumerErrorCode.NotOwner]: HttpStatus.FORBIDDEN,
  [ConsumerErrorCode.ChangeConflict]: HttpStatus.PRECONDITION_FAILED,
  [ConsumerErrorCode.NotProposed]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.NotApproved]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.NotDisabled]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.NotUpdatable]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.ConfigurationBased]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.Suppressed]: HttpStatus.FORBIDDEN,
  [ConsumerErrorCode.ReadOnly]: HttpStatus.SERVICE_UNAVAILABLE,
};

export class ConsumerException extends AppException<ConsumerErrorCode> {
  constructor(code: ConsumerErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
