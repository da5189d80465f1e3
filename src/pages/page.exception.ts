import { HttpStatus } from '@nestjs/common';
import type { MessageKey } from '../common/messages/catalogue';

/** A refusal shown as a page: its status and the catalogue message that explains it. */
export class PageException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly messageKey: MessageKey,
  ) {
    super(messageKey);
    this.name = 'PageException';
  }
}

/** The person must sign in first; the filter sends them to `/login` and back to `returnTo`. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign in required');
    this.name = 'SignInRequired';
  }
}

/** An admin reset the person's password; the filter sends them to choose a new one, then back to `returnTo`. */
export class PasswordChangeRequired extends Error {
  constructor(readonly returnTo: string) {
    super('password change required');
    this.name = 'PasswordChangeRequired';
  }
}
