import type { AuthContext } from '../common/auth/auth-context';
import { Right } from '../common/auth/rights';
import type { AppConfig } from '../config/app-config';
import type { Consumer } from './consumer';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';

/** `OAUTH_READ_ONLY` refuses every change, with a reason the caller can act on. */
export function assertWritable(config: AppConfig): void {
  if (config.oauth.readOnly) {
    throw new ConsumerException(
      ConsumerErrorCode.ReadOnly,
      'OAuth management is read-only right now (OAUTH_READ_ONLY)',
    );
  }
}

/** Configuration-defined consumers are changed in `STATIC_APPS_FILE`, never through the API. */
export function assertEditable(consumer: Consumer): void {
  if (consumer.configurationBased) {
    throw new ConsumerException(
      ConsumerErrorCode.ConfigurationBased,
      'This consumer is managed in configuration (STATIC_APPS_FILE) and cannot be changed here',
    );
  }
}

/** Acting on a suppressed consumer needs `mwoauthsuppress` (reference §2.3–2.5). */
export function assertMayActOnSuppressed(consumer: Consumer, auth: AuthContext): void {
  if (consumer.suppressed && !auth.rights.has(Right.Suppress)) {
    throw new ConsumerException(ConsumerErrorCode.Suppressed, 'You cannot perform actions on suppressed consumers');
  }
}

/**
 * The one visibility rule (reference §1.7, §2.5): a suppressed consumer is hidden from everyone without
 * `mwoauthviewsuppressed`, its owner included. Every listing, detail and notification applies it, through `mayView`
 * for a consumer in hand or `seesSuppressed` for a query.
 */
export function seesSuppressed(auth: AuthContext | undefined): boolean {
  return auth?.rights.has(Right.ViewSuppressed) ?? false;
}

/** Whether the viewer may see a consumer at all: suppressed ones only with `mwoauthviewsuppressed`. */
export function mayView(consumer: Consumer, auth: AuthContext | undefined): boolean {
  return !consumer.suppressed || seesSuppressed(auth);
}

/** Email and restrictions (reference §1.7): the owner; for shared consumers also the managers. */
export function maySeePrivateFields(consumer: Consumer, auth: AuthContext | undefined): boolean {
  if (!auth || !mayView(consumer, auth)) {
    return false;
  }
  return auth.userId === consumer.ownerId || (!consumer.ownerOnly && auth.rights.has(Right.ManageConsumer));
}
