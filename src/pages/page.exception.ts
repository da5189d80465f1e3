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

/**
 * The person has a setup to do first (a new password after an admin's reset, a second factor their group requires);
 * the filter sends them to its page `path`, which sends them back to `returnTo` when done.
 */
export class SetupRequired extends Error {
  constructor(
    readonly path: '/account/password' | '/account/two-factor',
    readonly returnTo: string,
  ) {
    super('setup required');
    this.name = 'SetupRequired';
  }
}
