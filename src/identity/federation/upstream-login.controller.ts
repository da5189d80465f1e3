import { Controller, Get, Header, HttpStatus, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/authorize.decorator';
import { AppException } from '../../common/errors/app.exception';
import { InputRefusalPageFilter } from '../../common/html/input-refusal-page.filter';
import type { AppRequest } from '../../common/http/app-request';
import { localPathOr } from '../../common/http/local-path';
import { DoorLimits } from '../../common/rate-limits/door-limits';
import { LoginService } from '../login.service';
import { LoginPageResponder } from '../login-page.responder';
import { UPSTREAM_STATE_COOKIE } from '../session-cookie';
import { SessionCookies } from '../session-cookies';
import { signInContext } from '../sign-in-context';
import { UPSTREAM_SIGN_IN_SECONDS, UpstreamSignIn } from './upstream-sign-in';

/**
 * "Sign in with <provider>" (issue 22 §2): off to the upstream OpenID Provider, and back at its callback, which
 * signs the person in and sends them on to where they were going, as the login form does. Every refusal is the
 * login page with a clear message, so a local password still works from there.
 */
@ApiExcludeController()
@Controller('login/upstream')
@UseFilters(InputRefusalPageFilter)
export class UpstreamLoginController {
  constructor(
    private readonly upstreams: UpstreamSignIn,
    private readonly logins: LoginService,
    private readonly limits: DoorLimits,
    private readonly cookies: SessionCookies,
    private readonly pages: LoginPageResponder,
  ) {}

  @Get(':name')
  @Public()
  @Header('Cache-Control', 'no-store')
  async start(
    @Param('name') name: string,
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: AppRequest,
    @Res() response: Response,
  ): Promise<void> {
    const next = localPathOr(returnTo, '/');
    await this.answer(response, next, async () => {
      // Each start keeps a state: the login door's abuse limit bounds how many one address can make.
      await this.limits.admit('login', request.ip);
      const { url, state } = await this.upstreams.start(name, next);
      this.cookies.setUpstreamState(response, state, UPSTREAM_SIGN_IN_SECONDS);
      response.redirect(HttpStatus.SEE_OTHER, url);
    });
  }

  @Get(':name/callback')
  @Public()
  @Header('Cache-Control', 'no-store')
  async callback(@Param('name') name: string, @Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const cookie: unknown = request.cookies?.[UPSTREAM_STATE_COOKIE];
    this.cookies.clearUpstreamState(response);
    await this.answer(response, '/', async () => {
      await this.limits.admit('login', request.ip);
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const signIn = await this.upstreams.finish(name, query, typeof cookie === 'string' ? cookie : undefined);
      const result = await this.logins.upstreamSignIn(signIn.user, signIn.amr, signIn.origin, signInContext(request));
      this.pages.signedIn(response, result, signIn.returnTo);
    });
  }

  private async answer(response: Response, returnTo: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof AppException)) {
        throw error;
      }
      response.set(error.headers);
      this.pages.sendLogin(response, error.status, { returnTo, error: error.message });
    }
  }
}
