import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { STAGE_NAMES } from '../consumer-stage';

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
