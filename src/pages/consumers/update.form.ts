import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { optionalText, ticked } from '../form-transforms';
import { RestrictionFields } from './restriction-fields';

/** The owner's update form, with the rules of the JSON API's `UpdateConsumerDto`. */
export class UpdateForm extends RestrictionFields {
  @Expose()
  @Transform(ticked)
  @IsBoolean()
  resetSecret!: boolean;

  /** OAuth 2 only (RFC 9449 §5.2 `dpop_bound_access_tokens`); the OAuth 1 form has no such field. */
  @Expose()
  @Transform(ticked)
  @IsBoolean()
  dpopBoundAccessTokens!: boolean;
  /** private_key_jwt clients with inline keys: the JWKS as JSON text, checked by the lifecycle service. */
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  jwks?: string;

  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string;

  /** The consumer's change token when the form was shown (its ETag), sent back as If-Match. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  changeToken?: string;
}
