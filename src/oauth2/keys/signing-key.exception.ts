import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';

export enum SigningKeyErrorCode {
  UnknownKey = 'unknown_key',
  AlreadyRetired = 'already_retired',
  LastSigningKey = 'last_signing_key',
  UnsupportedAlgorithm = 'unsupported_algorithm',
}

const STATUS: Record<SigningKeyErrorCode, HttpStatus> = {
  [SigningKeyErrorCode.UnknownKey]: HttpStatus.NOT_FOUND,
  [SigningKeyErrorCode.AlreadyRetired]: HttpStatus.CONFLICT,
  [SigningKeyErrorCode.LastSigningKey]: HttpStatus.CONFLICT,
  [SigningKeyErrorCode.UnsupportedAlgorithm]: HttpStatus.BAD_REQUEST,
};

export class SigningKeyException extends AppException<SigningKeyErrorCode> {
  constructor(code: SigningKeyErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
