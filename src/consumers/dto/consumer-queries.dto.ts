import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { STAGE_NAMES } from '../consumer-stage';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}

export class ListConsumersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Exact application name' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ description: 'User name of the owner' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  publisher?: string;

  @ApiPropertyOptional({ enum: [...STAGE_NAMES, 'any'], default: 'approved' })
  @IsOptional()
  @IsIn([...STAGE_NAMES, 'any'])
  stage?: (typeof STAGE_NAMES)[number] | 'any';
}

export class MyConsumersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...STAGE_NAMES, 'any'], default: 'any' })
  @IsOptional()
  @IsIn([...STAGE_NAMES, 'any'])
  stage?: (typeof STAGE_NAMES)[number] | 'any';
}

export class ConsumerKeyParamDto {
  @Matches(/^[0-9a-f]{32}$/, { message: 'consumerKey must be 32 lowercase hex characters' })
  consumerKey!: string;
}
