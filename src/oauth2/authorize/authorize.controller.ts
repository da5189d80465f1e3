import { Controller, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import { constantTimeEquals } from '../../common/crypto/crypto';
import { renderConsent } from '../../common/html/consent-page';
import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { OAUTH2_PREFIXES } from '../oauth2-paths';
import { renderAuthorizationError } from './authorization-error.page';
import { renderAwaitingReview } from './awaiting-review.page';
import { FORM_POST_POLICY, renderFormPost } from './form-post.page';
import { type AuthorizeStep, Oauth2AuthorizationService } from './oauth2-authorization.service';

/**
 * The browser side of OAuth 2 (pages, not JSON, so outside the Swagger document). Nothing here may be framed or
 * cached, and the page's address never leaks through a Referer (attack cases 6, 7); redirects answering the POSTed
 * consent are 303s (attack case 9). A form post (response_mode=form_post) is a 200 page with its own CSP.
 */
@ApiExcludeController()
@Controller(OAUTH2_PREFIXES)
export class AuthorizeController {
  constructor(private readonly authorization: Oauth2AuthorizationService) {}

  @Get('authorize')
  @ProtocolDoor('oauth2-consent')
  async start(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.send(request, response, await this.authorization.start(request, request.auth));
  }

  @Post('authorize')
  @ProtocolDoor('oauth2-consent')
  async decide(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const auth = request.auth;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const csrf = body.csrf;
    if (!auth?.session || typeof csrf !== 'string' || !constantTimeEquals(csrf, auth.session.csrfToken)) {
      const expired = new Oauth2Error('access_denied', 'Your session expired; go back to the app and start again.', {
        status: HttpStatus.FORBIDDEN,
      });
      return this.send(request, response, { errorPage: expired });
    }
    const pending = typeof body.request === 'string' ? body.request : '';
    const decision = body.decision === 'allow' ? 'allow' : 'cancel';
    this.send(request, response, await this.authorization.decide(pending, auth, decision));
  }

  private send(request: AppRequest, response: Response, step: AuthorizeStep): void {
    response.setHeader('Cache-Control', 'no-store');
    if ('redirect' in step) {
      return response.redirect(request.method === 'POST' ? HttpStatus.SEE_OTHER : HttpStatus.FOUND, step.redirect);
    }
    if ('formPost' in step) {
      response.setHeader('Content-Security-Policy', FORM_POST_POLICY);
      // 200 even answering the consent's POST (Nest's default there is 201): the page is the answer, not a creation.
      return void response
        .status(HttpStatus.OK)
        .type('html')
        .send(renderFormPost(step.formPost, request.auth?.userName));
    }
    if ('login' in step) {
      const login = new URLSearchParams({ returnTo: step.returnTo ?? request.originalUrl });
      if (step.hint !== undefined) {
        login.set('username', step.hint);
      }
      return response.redirect(HttpStatus.SEE_OTHER, `/login?${login.toString()}`);
    }
    if ('consent' in step) {
      return void response.type('html').send(renderConsent(step.consent, request.originalUrl));
    }
    if ('awaitingReview' in step) {
      return void response
        .status(HttpStatus.FORBIDDEN)
        .type('html')
        .send(renderAwaitingReview(step.awaitingReview.app, request.auth?.userName));
    }
    response
      .status(step.errorPage.status)
      .type('html')
      .send(renderAuthorizationError(step.errorPage, request.auth?.userName));
  }
}
