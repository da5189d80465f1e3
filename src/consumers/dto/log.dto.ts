import { ApiProperty } from '@nestjs/swagger';
import { OwnerDto } from './consumer.dto';

export class LogConsumerDto {
  @ApiProperty()
  consumerKey!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: string;
}

export class LogEntryDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  timestamp!: string;

  @ApiProperty({
    description: 'propose, create-owner-only, update, approve, reject, disable, reenable',
    example: 'approve',
  })
  action!: string;

  @ApiProperty({ type: OwnerDto, description: 'Who did it' })
  actor!: OwnerDto;

  @ApiProperty({ type: LogConsumerDto })
  consumer!: LogConsumerDto;

  @ApiProperty({ description: 'The reason given (the description, for proposals)' })
  comment!: string;

  @ApiProperty({ description: 'Written while suppressing; only shown with mwoauthviewsuppressed' })
  suppressed!: boolean;
}

export class LogPageDto {
  @ApiProperty({ type: [LogEntryDto] })
  entries!: LogEntryDto[];

  @ApiProperty({ required: false })
  nextCursor?: string;
}
