import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomHex } from '../common/crypto/crypto';
import { UpstreamSignIn } from './federation/upstream-sign-in';
import type { SignInResult } from './login.service';
import { type LoginView, renderLogin } from './login-page.view';
import { SessionCookies } from './session-cookies';

/** The answers of every way of signing in on pages: the login page (with a fresh CSRF cookie), and "signed in". */
@Injectable()
export class LoginPageResponder {
  constructor(
    private readonly cookies: SessionCookies,
    private readonly upstreams: UpstreamSignIn,
  ) {}

  sendLogin(response: Response, status: number, view: Omit<LoginView, 'csrf' | 'upstreams'>): void {
    const csrf = randomHex(16);
    this.cookies.setLoginCsrf(response, csrf);
    const page = renderLogin({ ...view, csrf, upstreams: this.upstreams.providers() });
    response.status(status).type('html').send(page);
  }

  /**
   * Signed in: on to where the person was going, after a required new password if an admin reset it; or to the
   * second step for an account with a second factor.
   */
  signedIn(response: Response, result: SignInResult, returnTo: string): void {
    if (result.pendingSecondFactor !== undefined) {
      this.cookies.setPendingSignIn(response, result.pendingSecondFactor);
      return response.redirect(HttpStatus.SEE_OTHER, `/login/second-factor?returnTo=${encodeURIComponent(returnTo)}`);
    }
    this.cookies.set(response, result.session.id);
    this.cookies.clearLoginCsrf(response);
    const next = result.user.passwordChangeRequired
      ? `/account/password?returnTo=${encodeURIComponent(returnTo)}`
      : returnTo;
    response.redirect(HttpStatus.SEE_OTHER, next);
  }
}
