import { Expose, Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { FieldErrors } from '../form-validation';
import { lines, optionalText } from '../form-transforms';
import { textArea } from '../views/components';

/**
 * The fields a consumer's owner sets at registration and changes later (IP ranges; the RSA key of OAuth 1), with
 * the JSON API's rules: the registration and update forms both extend this.
 */
export class RestrictionFields {
  @Expose()
  @Transform(lines)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAddresses!: string[];

  /** Empty means none (and on update, removes the registered key). */
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(16000)
  rsaKey?: string;
}

/** Their inputs, as both forms show them. */
export function restrictionInputs(values: Partial<RestrictionFields>, errors: FieldErrors, oauth1: boolean): SafeHtml {
  return html`${textArea({
    name: 'ipAddresses',
    label: t('consumers.field.ip-addresses'),
    value: (values.ipAddresses ?? []).join('\n'),
    error: errors.ipAddresses,
    help: t('consumers.field.ip-addresses-help'),
  })}
  ${
    oauth1
      ? textArea({
          name: 'rsaKey',
          label: t('consumers.field.rsa-key'),
          value: values.rsaKey,
          error: errors.rsaKey,
          help: t('consumers.field.rsa-key-help'),
          rows: 6,
        })
      : ''
  }`;
}
