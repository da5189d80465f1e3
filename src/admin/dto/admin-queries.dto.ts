import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { STAGE_NAMES, type StageName } from '../../consumers/consumer-stage';
import { PageQueryDto } from '../../common/http/page-query.dto';

export class ReviewQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...STAGE_NAMES, 'any'], default: 'proposed' })
  @IsOptional()
  @IsIn([...STAGE_NAMES, 'any'])
  stage?: StageName | 'any';
}

export class LogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the entries of this consumer (its key)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'consumer must be a consumer key (32 lowercase hex characters)' })
  consumer?: string;
}
