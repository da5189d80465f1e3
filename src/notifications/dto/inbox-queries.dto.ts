import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const POSITIVE_ID = /^[1-9]\d{0,9}$/;

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: unread ones only' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(POSITIVE_ID, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}

export class NotificationIdParamDto {
  @ApiProperty()
  @Matches(POSITIVE_ID, { message: 'id must be a positive integer' })
  id!: string;
}
