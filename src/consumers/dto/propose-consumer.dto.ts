import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OAUTH2_GRANT_TYPES } from '../../config/env/oauth2.env';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class RestrictionsInputDto {
  @ApiProperty({ type: [String], example: ['0.0.0.0/0', '::/0'], description: 'IP addresses or CIDR ranges' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAddresses!: string[];
}

/** `POST /api/consumers` (DESIGN §11); the deeper rules of reference §2.2 are checked by the service. */
export class ProposeConsumerDto {
  @ApiProperty({ enum: [1, 2] })
  @IsIn([1, 2])
  oauthVersion!: 1 | 2;

  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiProperty({ example: '1.0', description: 'A Composer-style version, higher than your earlier ones of this name' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  version!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(65000)
  description!: string;

  @ApiPropertyOptional({ description: 'Required unless owner-only; exact redirect URI for OAuth 2' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  callbackUrl?: string;

  @ApiPropertyOptional({ description: 'OAuth 1: the app may pass its own oauth_callback under this prefix' })
  @IsOptional()
  @IsBoolean()
  callbackIsPrefix?: boolean;

  @ApiProperty({ description: 'Must equal your confirmed account email' })
  @IsString()
  @MaxLength(255)
  email!: string;

  @ApiProperty({ type: [String], example: ['editpage'], description: 'Grant names from GET /api/grants' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[\w-]{1,64}$/, { each: true, message: 'each grant must be a grant name' })
  grants!: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['https://mcp.example.com/tools'],
    description:
      'OAuth 2 (RFC 8707 §2): the resource servers the client may ask tokens for, absolute URIs without fragment; ' +
      'reviewed with the grants. A token for any other resource is refused (invalid_target)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  resources?: string[];

  @ApiPropertyOptional({ description: 'Personal credentials usable only by you, issued at once' })
  @IsOptional()
  @IsBoolean()
  ownerOnly?: boolean;

  @ApiPropertyOptional({ default: '*' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  wiki?: string;

  @ApiPropertyOptional({ type: RestrictionsInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RestrictionsInputDto)
  restrictions?: RestrictionsInputDto;

  @ApiPropertyOptional({ description: 'OAuth 1: PEM RSA public key for RSA-SHA1' })
  @IsOptional()
  @IsString()
  @MaxLength(16000)
  rsaKey?: string;

  @ApiPropertyOptional({ default: true, description: 'OAuth 2: whether the client can keep a secret' })
  @IsOptional()
  @IsBoolean()
  oauth2IsConfidential?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['authorization_code', 'refresh_token'] })
  @IsOptional()
  @IsArray()
  @IsIn(OAUTH2_GRANT_TYPES, { each: true })
  oauth2GrantTypes?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    example: ['https://app.example/signed-out'],
    description:
      'OAuth 2, not owner-only: where an OpenID Connect logout may send people back to (RP-Initiated Logout 1.0 ' +
      '§3.1); each follows the rules of callbackUrl, matched exactly',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({
    example: 'https://app.example/backchannel-logout',
    description:
      'OAuth 2, not owner-only: where logout tokens are POSTed (Back-Channel Logout 1.0 §2.2); https, or http to ' +
      'a loopback host; no fragment',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  backchannelLogoutUri?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'OAuth 2: the token endpoint refuses requests without a DPoP proof, so every token is sender-constrained ' +
      '(RFC 9449 §5.2 dpop_bound_access_tokens)',
  })
  @IsOptional()
  @IsBoolean()
  dpopBoundAccessTokens?: boolean;

  @ApiPropertyOptional({
    enum: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    description:
      'OAuth 2 (RFC 7591 §2): how the client authenticates. Confidential clients: a secret (default ' +
      'client_secret_basic; HTTP Basic and the body are both accepted either way) or private_key_jwt (RFC 7523 §2.2 ' +
      'assertions signed by a key of jwks or jwksUri); public clients: none',
  })
  @IsOptional()
  @IsIn(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
  tokenEndpointAuthMethod?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { keys: [{ kty: 'EC', crv: 'P-256', kid: 'k1', x: '…', y: '…' }] },
    description:
      'private_key_jwt only, instead of jwksUri: the public keys (RFC 7517 §5), RSA of 2048 bits or more, EC or ' +
      'OKP; no private members; at most 10 keys and 16 KiB',
  })
  @IsOptional()
  @IsObject()
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'https://app.example/jwks.json',
    description:
      'private_key_jwt only, instead of jwks: an https address of the keys, fetched when the client authenticates ' +
      '(never before an admin approved it); not for owner-only clients',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jwksUri?: string;

  @ApiPropertyOptional({
    description: 'OAuth 2 (RFC 9126 §6): authorization requests must be pushed to /oauth2/par first',
  })
  @IsOptional()
  @IsBoolean()
  requirePushedAuthorizationRequests?: boolean;
}
