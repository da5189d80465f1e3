import { Controller, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { SessionCookies } from '../../identity/session-cookies';
import { OIDC_PATHS } from '../oidc-paths';
import { type EndSessionStep, EndSessionService } from './end-session.service';

/**
 * RP-Initiated Logout 1.0's `end_session_endpoint`, GET and POST (§2). Pages and redirects, not JSON, so outside the
 * Swagger document; never cached or framed, like the authorization endpoint.
 */
@ApiExcludeController()
@Controller()
export class EndSessionController {
  constructor(
    private readonly endSession: EndSessionService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get(OIDC_PATHS.endSession)
  @ProtocolDoor('oauth2-consent')
  async get(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.send(response, await this.endSession.handle(request, request.auth));
  }

  @Post(OIDC_PATHS.endSession)
  @ProtocolDoor('oauth2-consent')
  async post(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.send(response, await this.endSession.handle(request, request.auth));
  }

  private send(response: Response, step: EndSessionStep): void {
    response.setHeader('Cache-Control', 'no-store');
    if ('again' in step) {
      return response.redirect(HttpStatus.SEE_OTHER, step.again);
    }
    if (step.ended) {
      this.cookies.clear(response);
    }
    if ('redirect' in step) {
      return response.redirect(HttpStatus.SEE_OTHER, step.redirect);
    }
    response.status(step.status).type('html').send(step.page);
  }
}
