import { IsOptional } from 'class-validator';
import { IsThrottleLimits } from './validators';

/** Sign-in throttles (per account, address and both) and the per-address abuse limits of the anonymous doors. */
export class LimitsEnv {
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
}
