import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { Type } from 'class-transformer';
import { validateCronExpression } from 'cron';
import { LANGUAGES } from '../common/messages/languages';
import { parseDuration } from './duration';
import { parseThrottleLimits } from './throttle-limits';

/** What a registration at the RFC 7591 endpoint becomes: refused (no endpoint), a proposal, or a usable client. */
export const DYNAMIC_REGISTRATION_MODES = ['off', 'review', 'open'] as const;
const BOOLEAN_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'];
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
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function IsBooleanWord(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBooleanWord',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be one of ${BOOLEAN_WORDS.join(', ')}`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && BOOLEAN_WORDS.includes(value.toLowerCase()),
      },
    });
}

function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 8601 duration such as PT1H or P30D, or infinity', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseDuration(value) !== undefined },
    });
}

/** The scheduler's own parser decides, so anything accepted here is a schedule it will run. */
function IsCronOrOff(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCronOrOff',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be a cron expression of 5 or 6 fields (such as */5 * * * *) or off',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (value === 'off' || validateCronExpression(value).valid),
      },
    });
}

function IsThrottleLimits(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isThrottleLimits',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be off or a comma-separated list of count/ISO 8601 duration, such as 5/PT5M,150/P2D',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseThrottleLimits(value) !== undefined,
      },
    });
}

function IsCommaList(allowed: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCommaList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a comma-separated list of: ${allowed.join(', ')}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && splitList(value).every((item) => allowed.includes(item)),
      },
    });
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function readBoolean(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * Every environment variable the service reads (DESIGN §9), as strings straight from the environment.
 * Validation here only checks shape; `app-config.ts` turns the values into the typed `AppConfig`.
 */
export class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer between 1 and 65535' })
  @Min(1, { message: '$property must be an integer between 1 and 65535' })
  @Max(65535, { message: '$property must be an integer between 1 and 65535' })
  PORT?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, { message: '$property must be an http(s) URL with no query' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^(true|false|\d+|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d+)?)(\s*,\s*)?)+)$/, {
    message: '$property must be true, false, a hop count, or a comma-separated list of addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^(sqlite:.+|(mysql|mariadb):\/\/.+)$/, {
    message: '$property must be sqlite:<path> or mysql://user:password@host:port/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^,\s]+(\s*,\s*(mysql|mariadb):\/\/[^,\s]+)*$/, {
    message: '$property must be a comma-separated list of mysql://user:password@host:port/database URLs',
  })
  DATABASE_REPLICA_URLS?: string;

  @IsOptional()
  @Matches(/^(memory:|rediss?:\/\/.+|redis\+sentinel:\/\/.+)$/, {
    message: '$property must be memory:, redis://host:port or redis+sentinel://host:port,host:port/<master name>',
  })
  CACHE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w:.-]{1,64}$/, { message: '$property must be 1-64 characters of [A-Za-z0-9_:.-]' })
  CACHE_PREFIX?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(LANGUAGES, { message: `$property must be one of the supported languages: ${LANGUAGES.join(', ')}` })
  DEFAULT_LANGUAGE?: string;

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.OAUTH_SECRET_KEY !== undefined)
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

  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.OAUTH2_PRIVATE_KEY !== undefined)
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
  SHUTDOWN_DRAIN_DELAY?: string;

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
  OAUTH2_PRIVATE_KEY_JWT?: string;

  @IsOptional()
  @IsString()
  OAUTH2_JWKS_URI_CA_FILE?: string;

  /** Hosts whose Client ID Metadata Documents are fetched; read by `ClientMetadataHosts.parse`. Unset: none are. */
  @IsOptional()
  @IsString()
  CLIENT_METADATA_HOSTS?: string;

  @IsOptional()
  @IsString()
  CLIENT_METADATA_CA_FILE?: string;

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
  @IsDuration()
  SESSION_TTL?: string;

  @IsOptional()
  @Matches(/^[a-z0-9_-]*(\s*,\s*[a-z0-9_-]+)*$/i, {
    message: '$property must be a comma-separated list of group names',
  })
  TWO_FACTOR_REQUIRED_GROUPS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer between 8 and 256' })
  @Min(8, { message: '$property must be an integer between 8 and 256' })
  @Max(256, { message: '$property must be an integer between 8 and 256' })
  PASSWORD_MIN_LENGTH?: number;

  @IsOptional()
  @IsThrottleLimits()
  LOGIN_THROTTLE_ACCOUNT_ADDRESS?: string;

  @IsOptional()
  @IsThrottleLimits()
  LOGIN_THROTTLE_ACCOUNT?: string;

  @IsOptional()
  @IsThrottleLimits()
  LOGIN_THROTTLE_ADDRESS?: string;

  @IsOptional()
  @IsThrottleLimits()
  LOGIN_THROTTLE_RECOVERY?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_TOKEN?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_INTROSPECTION?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_REVOCATION?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_DEVICE_AUTHORIZATION?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_PAR?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_OAUTH1?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_LOGIN?: string;

  @IsOptional()
  @IsThrottleLimits()
  RATE_LIMIT_REGISTRATION?: string;

  @IsOptional()
  @IsIn(DYNAMIC_REGISTRATION_MODES, { message: `$property must be one of ${DYNAMIC_REGISTRATION_MODES.join(', ')}` })
  DYNAMIC_REGISTRATION?: string;

  @IsOptional()
  // A resource URL holds no comma or white space here, so the list splits on commas alone.
  @Matches(/^(?:[a-z0-9_-]+|https?:\/\/[^\s,]+)(?:\s*,\s*(?:[a-z0-9_-]+|https?:\/\/[^\s,]+))*$/i, {
    message: '$property must be a comma-separated list of grant names and resource URLs',
  })
  DYNAMIC_REGISTRATION_GRANTS?: string;

  @IsOptional()
  @IsString()
  GROUP_PERMISSIONS?: string;

  @IsOptional()
  @IsString()
  GRANTS_FILE?: string;

  @IsOptional()
  @IsString()
  STATIC_APPS_FILE?: string;

  @ValidateIf((env: EnvSchema) => env.ADMIN_PASSWORD !== undefined || env.ADMIN_USERNAME !== undefined)
  @Matches(/^[^\s#<>[\]|{}/@:=][^#<>[\]|{}/@:=]{0,84}$/, {
    message:
      '$property must be a user name (1-85 characters, none of # < > [ ] | { } / @ : =) when ADMIN_PASSWORD is set',
  })
  ADMIN_USERNAME?: string;

  @ValidateIf((env: EnvSchema) => env.ADMIN_USERNAME !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: '$property is required when ADMIN_USERNAME is set' })
  @MinLength(8, { message: '$property must be at least 8 characters long' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer between 1 and 65535' })
  @Min(1, { message: '$property must be an integer between 1 and 65535' })
  @Max(65535, { message: '$property must be an integer between 1 and 65535' })
  GATEWAY_PORT?: number;

  @IsOptional()
  @IsString()
  GATEWAY_KEYS?: string;

  @IsOptional()
  @IsString()
  PROTECTED_RESOURCES?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: '$property must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: '$property must be at least 16 characters long' })
  NOTIFY_WEBHOOK_SECRET?: string;

  @IsOptional()
  @IsCronOrOff()
  PURGE_SCHEDULE?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer between 1 and 100000' })
  @Min(1, { message: '$property must be an integer between 1 and 100000' })
  @Max(100000, { message: '$property must be an integer between 1 and 100000' })
  PURGE_BATCH_SIZE?: number;

  @IsOptional()
  @IsDuration()
  TOKEN_RETENTION?: string;

  /** Directory federation (issue 22); every LDAP_* variable is read by `ldap-config.ts`, which needs LDAP_URL. */
  @IsOptional()
  @Matches(/^ldaps?:\/\/[^/\s?#]+\/?$/, { message: '$property must be ldap://host:port or ldaps://host:port' })
  LDAP_URL?: string;

  @IsOptional()
  @IsString()
  LDAP_BIND_DN?: string;

  @IsOptional()
  @IsString()
  LDAP_BIND_PASSWORD?: string;

  @IsOptional()
  @IsString()
  LDAP_BIND_PASSWORD_FILE?: string;

  @ValidateIf((env: EnvSchema) => env.LDAP_URL !== undefined)
  @IsString({ message: '$property is required when LDAP_URL is set (the DN under which users are searched)' })
  LDAP_USER_BASE?: string;

  @IsOptional()
  @Matches(/^\(.*\{username\}.*\)$/, {
    message: '$property must be an LDAP filter in parentheses containing {username}',
  })
  LDAP_USER_FILTER?: string;

  @IsOptional()
  @IsString()
  LDAP_ATTRIBUTES?: string;

  @IsOptional()
  @Matches(/^[A-Za-z][\w-]*$/, { message: '$property must be an attribute name such as entryUUID or objectGUID' })
  LDAP_ID_ATTRIBUTE?: string;

  @IsOptional()
  @IsString()
  LDAP_GROUP_BASE?: string;

  @IsOptional()
  @IsString()
  LDAP_GROUP_MAP?: string;

  @IsOptional()
  @IsBooleanWord()
  LDAP_STARTTLS?: string;

  @IsOptional()
  @IsString()
  LDAP_CA_FILE?: string;

  @IsOptional()
  @IsDuration()
  LDAP_SYNC_INTERVAL?: string;

  /** Upstream OpenID Providers (issue 22 §2), a JSON array read by `upstream-oidc-config.ts`. */
  @IsOptional()
  @IsString()
  UPSTREAM_OIDC_PROVIDERS?: string;
}

/** Variables whose values must never be echoed back in an error message or a log. */
export const SENSITIVE_VARIABLES = new Set([
  'DATABASE_REPLICA_URLS',
  'OAUTH_SECRET_KEY',
  'OAUTH2_PRIVATE_KEY',
  'ADMIN_PASSWORD',
  'GATEWAY_KEYS',
  'NOTIFY_WEBHOOK_SECRET',
  'LDAP_BIND_PASSWORD',
  'UPSTREAM_OIDC_PROVIDERS',
]);
