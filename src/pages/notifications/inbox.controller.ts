import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AppRequest } from '../../common/http/app-request';
import { Right } from '../../common/auth/rights';
import { NotificationIdParamDto } from '../../notifications/dto/inbox-queries.dto';
import { InboxService } from '../../notifications/inbox.service';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { InboxPageQuery } from './inbox-page.form';
import { inboxPage } from './inbox.view';

/** Page size of the inbox, as the JSON inbox's default. */
const PAGE_SIZE = 20;

/**
 * The inbox of any signed-in person, through the same `InboxService` calls as `/api/me/notifications`; marking
 * read sends them back to the inbox, where the marker and the header's badge are gone.
 */
@Controller('notifications')
export class InboxPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly inbox: InboxService,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.Read] })
  async list(@Req() request: AppRequest, @Res() response: Response, @Query() query: InboxPageQuery): Promise<void> {
    const auth = signedIn(request);
    const inbox = await this.inbox.page(auth, {
      unreadOnly: false,
      limit: PAGE_SIZE,
      beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
    });
    return this.pages.send(request, response, {
      title: t('notifications.title'),
      body: inboxPage(inbox, query.cursor, auth.session.csrfToken),
    });
  }

  @Post('read-all')
  @PageAccess({ rights: [Right.Read] })
  async markAllRead(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    await this.inbox.markAllRead(signedIn(request));
    this.pages.seeOther(response, '/notifications');
  }

  @Post(':id/read')
  @PageAccess({ rights: [Right.Read] })
  async markRead(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param() { id }: NotificationIdParamDto,
  ): Promise<void> {
    await this.inbox.markRead(signedIn(request), Number(id));
    this.pages.seeOther(response, '/notifications');
  }
}
