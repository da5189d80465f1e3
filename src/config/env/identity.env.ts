import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { IsDuration } from './validators';

/** Gatehouse's own accounts: sessions, passwords, second factors, group rights, the first administrator. */
export class IdentityEnv {
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
  @IsString()
  GROUP_PERMISSIONS?: string;

  @ValidateIf((env: IdentityEnv) => env.ADMIN_PASSWORD !== undefined || env.ADMIN_USERNAME !== undefined)
  @Matches(/^[^\s#<>[\]|{}/@:=][^#<>[\]|{}/@:=]{0,84}$/, {
    message:
      '$property must be a user name (1-85 characters, none of # < > [ ] | { } / @ : =) when ADMIN_PASSWORD is set',
  })
  ADMIN_USERNAME?: string;

  @ValidateIf((env: IdentityEnv) => env.ADMIN_USERNAME !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: '$property is required when ADMIN_USERNAME is set' })
  @MinLength(8, { message: '$property must be at least 8 characters long' })
  ADMIN_PASSWORD?: string;
}
