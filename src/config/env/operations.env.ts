import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { IsCronOrOff, IsDuration } from './validators';

/** Running the service: the notification webhook and the purge of expired rows. */
export class OperationsEnv {
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
}
