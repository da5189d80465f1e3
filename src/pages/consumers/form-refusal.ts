import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ConsumerErrorCode } from '../../consumers/consumer.exception';
import type { FieldErrors } from '../form-validation';

/** Which form field a refusal of the consumer services is about, so the page shows it beside that field. */
const FIELD_OF: Partial<Record<string, string>> = {
  [ConsumerErrorCode.InvalidCallbackUrl]: 'callbackUrl',
  [ConsumerErrorCode.InvalidPostLogoutRedirectUri]: 'postLogoutRedirectUris',
  [ConsumerErrorCode.InvalidBackchannelLogoutUri]: 'backchannelLogoutUri',
  [ConsumerErrorCode.InvalidClientKeys]: 'tokenEndpointAuthMethod',
  [ConsumerErrorCode.InvalidGrants]: 'grants',
  [ConsumerErrorCode.InvalidVersion]: 'version',
  [ConsumerErrorCode.InvalidRsaKey]: 'rsaKey',
  [ConsumerErrorCode.InvalidRestrictions]: 'ipAddresses',
  [ConsumerErrorCode.EmailMismatched]: 'email',
  [ConsumerErrorCode.ConsumerExists]: 'name',
  [ConsumerErrorCode.VersionNotHigher]: 'version',
};

export interface FormRefusal {
  status: number;
  errors: FieldErrors;
  /** The message when it belongs to no field of the form. */
  banner?: string;
}

/**
 * A service's refusal as the form shows it: beside its field when the form has that field, as a banner otherwise,
 * with the status the JSON API answers. Anything that is not a refusal (a failure) is not the form's to show.
 */
export function formRefusal(error: unknown, fields: readonly string[]): FormRefusal | undefined {
  if (!(error instanceof AppException)) {
    return undefined;
  }
  const refusal = error as AppException<string>;
  // A form sends no If-Match: a stale change token is a conflict with what the person saw, not a failed precondition.
  const status = refusal.code === String(ConsumerErrorCode.ChangeConflict) ? HttpStatus.CONFLICT : refusal.status;
  const field = FIELD_OF[refusal.code];
  return field && fields.includes(field)
    ? { status, errors: { [field]: refusal.message } }
    : { status, errors: {}, banner: refusal.message };
}
