import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OAUTH2_GRANT_TYPES } from '../../config/env/oauth2.env';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Type } from 'class-transformer';

/** Forms send booleans as text; MediaWiki's REST layer reads "1"/"true" as true. */
const formBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
/** Forms send a one-element list as a plain value. */
const formList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/[|,\s]+/).filter(Boolean) : value;
/** Forms send a one-element list of URIs as a plain value; several split on white space, which URIs never hold. */
const formUriList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;

/** `POST /oauth2/client` with MediaWiki's field names (reference §5.7), as JSON or a form. */
export class RegisterClientDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ default: '1.0' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(65000)
  description!: string;

  @ApiPropertyOptional({ default: '*' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  wiki?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  owner_only?: boolean;

  @ApiPropertyOptional({ description: 'Required unless owner_only' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  callback_url?: string;

  @ApiPropertyOptional({ description: 'Ignored: OAuth 2 redirect URIs match exactly' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  callback_is_prefix?: boolean;

  @ApiProperty()
  @IsString()
  @MaxLength(255)
  email!: string;

  @ApiProperty()
  @Transform(formBoolean)
  @IsBoolean()
  is_confidential!: boolean;

  @ApiProperty({ type: [String], example: ['authorization_code', 'refresh_token'] })
  @Transform(formList)
  @IsArray()
  @IsIn(OAUTH2_GRANT_TYPES, { each: true })
  grant_types!: string[];

  @ApiProperty({ type: [String], example: ['basic', 'editpage'] })
  @Transform(formList)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[\w-]{1,64}$/, { each: true, message: 'each scope must be a grant name' })
  scopes!: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description:
      'OpenID Connect RP-Initiated Logout 1.0 §3.1 (the RFC 7591 metadata name): where a logout may send people ' +
      'back to; each follows the rules of callback_url. Not for owner-only clients',
  })
  @IsOptional()
  @Transform(formUriList)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  post_logout_redirect_uris?: string[];

  @ApiPropertyOptional({
    description:
      'OpenID Connect Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed; https, or http to a loopback ' +
      'host. Not for owner-only clients',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  backchannel_logout_uri?: string;

  @ApiPropertyOptional({
    description: "RFC 9449 §5.2: the token endpoint refuses this client's requests without a DPoP proof",
  })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  dpop_bound_access_tokens?: boolean;

  @ApiPropertyOptional({
    enum: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    description:
      'RFC 7591 §2: how the client authenticates; confidential clients default to client_secret_basic (the body ' +
      'works too), public ones are none. private_key_jwt (RFC 7523 §2.2) needs jwks or jwks_uri and gets no secret',
  })
  @IsOptional()
  @IsIn(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
  token_endpoint_auth_method?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'RFC 7591 §2: the public keys of a private_key_jwt client (a JWKS; as JSON text in a form)',
  })
  @IsOptional()
  jwks?: Record<string, unknown> | string;

  @ApiPropertyOptional({
    description: 'RFC 7591 §2: an https address of those keys instead; not for owner-only clients',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jwks_uri?: string;

  @ApiPropertyOptional({ description: 'RFC 9126 §6: authorization requests must be pushed' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  require_pushed_authorization_requests?: boolean;
}

export class ResetClientSecretDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string;
}

export class ListClientsQueryDto {
  @ApiPropertyOptional({ default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // `1e200` is an integer to JavaScript, but SQL receives it as `OFFSET 1e+200`, a syntax error (a 500 the fuzz
  // suite found); past the safe integers no row count can reach anyway.
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;

  @ApiPropertyOptional({ enum: ['1', '2'], default: '2' })
  @IsOptional()
  @IsIn(['1', '2'])
  oauth_version?: '1' | '2';
}

export class ClientKeyParamDto {
  @Matches(/^[0-9a-f]{32}$/, { message: 'client_key must be 32 lowercase hex characters' })
  client_key!: string;
}

export class ClientCredentialsDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  client_key!: string;

  @ApiPropertyOptional({ description: 'The client secret, shown only now' })
  secret?: string;

  @ApiPropertyOptional({ description: 'Owner-only clients: their access token (issued by the OAuth 2 module)' })
  access_token?: string;

  @ApiPropertyOptional({ type: [String], description: 'On registration: the post-logout redirect URIs, as stored' })
  post_logout_redirect_uris?: string[];

  @ApiPropertyOptional({ description: 'On registration: the back-channel logout URI, if one is registered' })
  backchannel_logout_uri?: string;

  @ApiPropertyOptional({ description: 'On registration: whether tokens must be DPoP-bound (RFC 9449 §5.2)' })
  dpop_bound_access_tokens?: boolean;
  @ApiPropertyOptional({ description: 'On registration: RFC 7591 §2' })
  token_endpoint_auth_method?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'On registration, if given' })
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'On registration, if given' })
  jwks_uri?: string;

  @ApiPropertyOptional({ description: 'On registration: RFC 9126 §6' })
  require_pushed_authorization_requests?: boolean;
}

export class ClientSummaryDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: string;
  @ApiProperty() callback_url!: string;
  @ApiProperty() description!: string;
  @ApiProperty() client_key!: string;
  @ApiProperty() owner_only!: boolean;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Stage code: 0 proposed, 1 approved, 2 rejected, 3 expired, 4 disabled' }) stage!: number;
  @ApiProperty() oauth_version!: number;
  @ApiProperty() registration_formatted!: string;
  @ApiPropertyOptional({ type: [String] }) allowed_grants?: string[];
  @ApiPropertyOptional({ type: [String], description: 'OAuth 2 only' }) post_logout_redirect_uris?: string[];
  @ApiPropertyOptional({ description: 'If one is registered' }) backchannel_logout_uri?: string;
  @ApiPropertyOptional({ description: 'OAuth 2 only: RFC 9449 §5.2' }) dpop_bound_access_tokens?: boolean;
  @ApiPropertyOptional({ description: 'OAuth 2 only (RFC 7591 §2)' }) token_endpoint_auth_method?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'If given inline' })
  jwks?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'If one is registered' }) jwks_uri?: string;
  @ApiPropertyOptional({ description: 'OAuth 2 only (RFC 9126 §6)' }) require_pushed_authorization_requests?: boolean;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiPropertyOptional() configuration_based?: boolean;
}

export class ClientListDto {
  @ApiProperty({ type: [ClientSummaryDto] })
  clients!: ClientSummaryDto[];

  @ApiProperty()
  total!: number;
}
