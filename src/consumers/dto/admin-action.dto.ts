import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ADMIN_ACTIONS, type AdminAction } from '../consumer-transitions';

export class AdminActionDto {
  @ApiProperty({ maxLength: 255, description: 'Why; shown in the log and to the owner' })
  @IsString()
  @MaxLength(255)
  reason!: string;

  @ApiPropertyOptional({ description: 'reject/disable only: also suppress (needs mwoauthsuppress)' })
  @IsOptional()
  @IsBoolean()
  suppress?: boolean;
}

export class AdminActionParamDto {
  @Matches(/^[0-9a-f]{32}$/, { message: 'consumerKey must be 32 lowercase hex characters' })
  consumerKey!: string;

  @ApiProperty({ enum: ADMIN_ACTIONS })
  @IsIn(ADMIN_ACTIONS)
  action!: AdminAction;
}
