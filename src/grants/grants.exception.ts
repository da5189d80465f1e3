import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';

export enum GrantsErrorCode {
  AcceptanceNotFound = 'acceptance_not_found',
  TooManyGrants = 'too_many_grants',
}

const STATUS: Record<GrantsErrorCode, HttpStatus> = {
  [GrantsErrorCode.AcceptanceNotFound]: HttpStatus.NOT_FOUND,
  [GrantsErrorCode.TooManyGrants]: HttpStatus.BAD_REQUEST,
};

export class GrantsException extends AppException<GrantsErrorCode> {
  constructor(code: GrantsErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
