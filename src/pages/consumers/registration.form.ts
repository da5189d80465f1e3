import { Expose, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { t } from '../../common/messages/catalogue';
import { allValues, lines, optionalText, ticked } from '../form-transforms';
import { RestrictionFields } from './restriction-fields';

export const OAUTH2_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:device_code',
] as const;

const required = () => ({ message: t('consumers.field.required') });

/**
 * The registration form of both protocols, with the rules of the JSON API's `ProposeConsumerDto`; the deeper
 * rules (callback URL, grants, IP ranges, RSA key, duplicates) are the service's, as for the API.
 */
export class RegistrationForm extends RestrictionFields {
  @IsString(required())
  @MinLength(1, required())
  @MaxLength(128)
  name!: string;

  @IsString(required())
  @MinLength(1, required())
  @MaxLength(32)
  version!: string;

  @IsString(required())
  @MinLength(1, required())
  @MaxLength(65000)
  description!: string;

  @IsString(required())
  @MinLength(1, required())
  @MaxLength(255)
  email!: string;

  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  callbackUrl?: string;

  @Expose()
  @Transform(ticked)
  @IsBoolean()
  callbackIsPrefix!: boolean;

  @Expose()
  @Transform(ticked)
  @IsBoolean()
  ownerOnly!: boolean;

  @Expose()
  @Transform(allValues)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[\w-]{1,64}$/, { each: true, message: 'each grant must be a grant name' })
  grants!: string[];

  @Expose()
  @Transform(ticked)
  @IsBoolean()
  oauth2IsConfidential!: boolean;

  @Expose()
  @Transform(allValues)
  @IsArray()
  @IsIn(OAUTH2_GRANT_TYPES, { each: true })
  oauth2GrantTypes!: string[];

  /** OAuth 2 only (RFC 8707 §2); the OAuth 1 form has no such field. */
  @Transform(lines)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  resources?: string[];

  /** OAuth 2 only: the OAuth 1 form has no such field, so it may be missing. */
  @Transform(lines)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  postLogoutRedirectUris?: string[];

  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  backchannelLogoutUri?: string;

  @Expose()
  @Transform(ticked)
  @IsBoolean()
  dpopBoundAccessTokens!: boolean;
  /** OAuth 2, confidential clients: the secret or private_key_jwt (RFC 7591 §2 names). */
  @Transform(optionalText)
  @IsOptional()
  @IsIn(['client_secret_basic', 'private_key_jwt'])
  tokenEndpointAuthMethod?: string;

  /** The JWKS as JSON text; checked, size included, by the registration service. */
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  jwks?: string;

  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jwksUri?: string;

  @Transform(ticked)
  @IsOptional()
  @IsBoolean()
  requirePushedAuthorizationRequests?: boolean;
}
