import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { LANGUAGES } from '../../common/messages/languages';
import { IsDuration } from './validators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The process and its listeners: run mode, ports, public URL, proxies, data directory, logs, language. */
export class ServerEnv {
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
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(LANGUAGES, { message: `$property must be one of the supported languages: ${LANGUAGES.join(', ')}` })
  DEFAULT_LANGUAGE?: string;

  @IsOptional()
  @IsDuration()
  SHUTDOWN_DRAIN_DELAY?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer between 1 and 65535' })
  @Min(1, { message: '$property must be an integer between 1 and 65535' })
  @Max(65535, { message: '$property must be an integer between 1 and 65535' })
  GATEWAY_PORT?: number;

  @IsOptional()
  @IsString()
  GATEWAY_KEYS?: string;
}
