import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min, MinLength, ValidateIf } from 'class-validator';
import type { ServerEnv } from './server.env';
import { IsBooleanWord } from './validators';

/**
 * What both protocols share, named after MediaWiki's `$wgMWOAuth*` settings (the secret key, the review workflow's
 * notifications, read-only mode, the site ids), OAuth 1.0a's own, and the files of grants and configured apps.
 */
export class OauthEnv {
  @ValidateIf((env: OauthEnv & ServerEnv) => env.NODE_ENV === 'production' || env.OAUTH_SECRET_KEY !== undefined)
  @IsString({ message: '$property is required in production (a random string of at least 32 characters)' })
  @MinLength(32, { message: '$property must be at least 32 characters long' })
  OAUTH_SECRET_KEY?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH_SECURE_TOKEN_TRANSFER?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number of seconds' })
  @Min(0)
  OAUTH_REQUEST_EXPIRATION_AGE?: number;

  @IsOptional()
  @Matches(/^[\w\s,-]*$/, { message: '$property must be a comma-separated list of group names' })
  OAUTH_GROUPS_TO_NOTIFY?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH_READ_ONLY?: string;

  @IsOptional()
  @IsBooleanWord()
  OAUTH1_ALLOW_PLAINTEXT?: string;

  @IsOptional()
  @Matches(/^[\w-]{1,32}$/, { message: '$property must be a site id of 1-32 characters [A-Za-z0-9_-]' })
  OAUTH_CENTRAL_WIKI?: string;

  @IsOptional()
  @Matches(/^[\w-]{1,32}$/, { message: '$property must be a site id of 1-32 characters [A-Za-z0-9_-]' })
  OAUTH_SITE_ID?: string;

  @IsOptional()
  @IsString()
  GRANTS_FILE?: string;

  @IsOptional()
  @IsString()
  STATIC_APPS_FILE?: string;
}
