import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { InboxQueryDto, NotificationIdParamDto } from './dto/inbox-queries.dto';
import { InboxPageDto, MarkedDto, NotificationDto, UnreadCountDto } from './dto/notification.dto';
import { InboxService } from './inbox.service';

@ApiTags('me')
@Controller('api/me/notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({ type: InboxPageDto, description: 'Your notifications, newest first' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid or unknown query parameters' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.page(auth, {
      unreadOnly: query.unread === 'true',
      limit: query.limit ?? 20,
      beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }

  @Get('unread-count')
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentAuth() auth: AuthContext): Promise<UnreadCountDto> {
    return { unreadCount: await this.inbox.unreadCount(auth) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({ type: MarkedDto })
  async markAllRead(@CurrentAuth() auth: AuthContext): Promise<MarkedDto> {
    return { marked: await this.inbox.markAllRead(auth) };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({
    type: NotificationDto,
    description: 'The notification, now read (reading twice keeps the first time)',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'The id is not a positive integer' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'notification_not_found: unknown, or not yours' })
  markRead(@CurrentAuth() auth: AuthContext, @Param() { id }: NotificationIdParamDto): Promise<NotificationDto> {
    return this.inbox.markRead(auth, Number(id));
  }
}
