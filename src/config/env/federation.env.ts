import { IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IsBooleanWord, IsDuration } from './validators';

/** Users from elsewhere: an LDAP directory (issue 22 §1) and upstream OpenID Providers (issue 22 §2). */
export class FederationEnv {
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

  @ValidateIf((env: FederationEnv) => env.LDAP_URL !== undefined)
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
