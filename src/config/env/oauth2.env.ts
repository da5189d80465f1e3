import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import type { ServerEnv } from './server.env';
import { IsBooleanWord, IsCommaList, IsDuration } from './validators';

/** RFC 8693 §2.1's grant type. */
export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const OAUTH2_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
  TOKEN_EXCHANGE_GRANT_TYPE,
] as const;
/**
 * What `OAUTH2_ENABLED_GRANT_TYPES` defaults to (DESIGN §9): MediaWiki's three. The others are switched on by name:
 * the device flow lets a code typed on one device sign in another (RFC 8628 §5.4, remote phishing), and token
 * exchange (RFC 8693) lets a service act on a user's behalf.
 */
export const DEFAULT_OAUTH2_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** OAuth 2 and OpenID Connect: signing keys, grant types, token lifetimes, PKCE, DPoP, the device flow, PAR. */
export class Oauth2Env {
  @ValidateIf((env: Oauth2Env & ServerEnv) => env.NODE_ENV === 'production' || env.OAUTH2_PRIVATE_KEY !== undefined)
  @IsString({ message: '$property is required in production (PEM private key, or a path to one)' })
  @MinLength(1)
  OAUTH2_PRIVATE_KEY?: string;

  @IsOptional()
  @IsString()
  OAUTH2_PUBLIC_KEY?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_KEY_PUBLICATION_DELAY?: string;

  @IsOptional()
  @IsCommaList(OAUTH2_GRANT_TYPES)
  OAUTH2_ENABLED_GRANT_TYPES?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_GRANT_EXPIRATION_INTERVAL?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_REFRESH_TOKEN_TTL?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_REFRESH_TOKEN_GRACE_PERIOD?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_ALLOW_PLAIN_PKCE?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_DPOP?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_DPOP_REQUIRE_NONCE?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_DPOP_PROOF_WINDOW?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_DEVICE_CODE_LIFETIME?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer number of seconds between 1 and 60' })
  @Min(1, { message: '$property must be an integer number of seconds between 1 and 60' })
  @Max(60, { message: '$property must be an integer number of seconds between 1 and 60' })
  OAUTH2_DEVICE_CODE_INTERVAL?: number;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_PAR?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH2_REQUIRE_PAR?: string;

  @IsOptional()
  @IsDuration()
  OAUTH2_PAR_LIFETIME?: string;

  @IsOptional()
  @IsString()
  PROTECTED_RESOURCES?: string;
}
