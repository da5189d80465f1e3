import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { t } from '../../common/messages/catalogue';
import { AccountSessions } from '../../identity/account-sessions.service';
import { PageAccess } from '../page-access';
import { PageException } from '../page.exception';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { securityPage } from './security.view';

const SID = /^[0-9a-f]{32}$/;

/** "Security": the person's sessions, over `GET /api/me/sessions` and its `DELETE`s. */
@Controller('account/security')
export class SecurityPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly sessions: AccountSessions,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.EditMyPrivateInfo] })
  async show(@Req() request: AppRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    const auth = signedIn(request);
    await this.pages.send(request, response, {
      title: t('account.security.title'),
      body: securityPage({
        sessions: await this.sessions.list(auth.userId),
        currentSid: auth.session.sid,
        csrfToken: auth.session.csrfToken,
        done: done === 'ended' || done === 'ended-others' ? done : undefined,
      }),
    });
  }

  @Post('sessions/end-others')
  @PageAccess({ rights: [Right.EditMyPrivateInfo] })
  async endOthers(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const auth = signedIn(request);
    await this.sessions.endOthers(auth.userId, auth.session.sid);
    this.pages.seeOther(response, '/account/security?done=ended-others');
  }

  @Post('sessions/:sid/end')
  @PageAccess({ rights: [Right.EditMyPrivateInfo] })
  async end(@Req() request: AppRequest, @Res() response: Response, @Param('sid') sid: string): Promise<void> {
    const auth = signedIn(request);
    if (!SID.test(sid) || !(await this.sessions.end(auth.userId, sid))) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    // Ending the session this page came with signs the person out.
    this.pages.seeOther(response, sid === auth.session.sid ? '/login' : '/account/security?done=ended');
  }
}
