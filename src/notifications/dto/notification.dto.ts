import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFYING_ACTIONS } from '../notification-rules';

export class NotificationConsumerDto {
  @ApiProperty({ description: 'Consumer key (32 hex)' })
  key!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: string;
}

export class NotificationActorDto {
  @ApiProperty({ description: 'Central user id' })
  id!: number;

  @ApiProperty()
  name!: string;
}

export class NotificationDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ enum: NOTIFYING_ACTIONS.map((action) => `oauth-app-${action}`) })
  type!: string;

  @ApiProperty({ type: NotificationConsumerDto, nullable: true })
  consumer!: NotificationConsumerDto | null;

  @ApiProperty({ type: NotificationActorDto, nullable: true, description: 'Who acted' })
  actor!: NotificationActorDto | null;

  @ApiProperty({ description: 'The reason given (the description, for proposals)' })
  comment!: string;

  @ApiProperty({ example: 'Alice proposed a new OAuth app: Foo', description: 'English header, as Echo shows it' })
  message!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' })
  notifications!: NotificationDto[];

  @ApiProperty({ description: 'All your unread notifications, whatever the filter' })
  unreadCount!: number;

  @ApiPropertyOptional({ description: 'Pass as cursor for the next page; absent on the last page' })
  nextCursor?: string;
}

export class UnreadCountDto {
  @ApiProperty()
  unreadCount!: number;
}

export class MarkedDto {
  @ApiProperty({ description: 'How many unread notifications were marked read' })
  marked!: number;
}
