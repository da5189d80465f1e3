import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';

export enum NotificationErrorCode {
  NotFound = 'notification_not_found',
}

const STATUS: Record<NotificationErrorCode, HttpStatus> = {
  [NotificationErrorCode.NotFound]: HttpStatus.NOT_FOUND,
};

export class NotificationException extends AppException<NotificationErrorCode> {
  constructor(code: NotificationErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
