import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';

const POSITIVE_ID = /^[1-9]\d{0,9}$/;

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: unread ones only' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationIdParamDto {
  @ApiProperty()
  @Matches(POSITIVE_ID, { message: 'id must be a positive integer' })
  id!: string;
}
