import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/authorize.decorator';
import { constantTimeEquals, randomHex } from '../common/crypto/crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppException } from '../common/errors/app.exception';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import { InputRefusalPageFilter } from '../common/html/input-refusal-page.filter';
import type { AppRequest } from '../common/http/app-request';
import { isCrossSiteRequest } from '../common/http/cross-site';
import { localPathOr } from '../common/http/local-path';
import { t } from '../common/messages/catalogue';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LoginFormDto, LogoutFormDto, SecondFactorFormDto } from './dto/login-form.dto';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { LoginService } from './login.service';
import { LoginPageResponder } from './login-page.responder';
import { renderSecondFactor } from './login-page.view';
import { LOGIN_CSRF_COOKIE, PENDING_SIGN_IN_COOKIE } from './session-cookie';
import { SessionCookies } from './session-cookies';
import { signInContext } from './sign-in-context';

/** The sign-in page; it sends the user back to where they were going (an OAuth consent page, say). */
@ApiExcludeController()
@Controller()
@UseFilters(InputRefusalPageFilter)
export class LoginPageController {
  constructor(
    private readonly logins: LoginService,
    private readonly cookies: SessionCookies,
    private readonly pages: LoginPageResponder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  @Public()
  @Header('Cache-Control', 'no-store')
  showLogin(
    @Query('returnTo') returnTo: string | undefined,
    @Query('username') username: string | undefined,
    @Res() response: Response,
  ): void {
    // `username`: the name an app suggested (OpenID Connect's login_hint), only ever a prefilled field.
    const suggested = typeof username === 'string' && username.length <= 255 ? username : undefined;
    this.sendLogin(response, HttpStatus.OK, localPathOr(returnTo, '/'), undefined, suggested);
  }

  @Post('login')
  @Public()
  @Header('Cache-Control', 'no-store')
  async login(@Body() form: LoginFormDto, @Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const returnTo = localPathOr(form.returnTo, '/');
    const expected: unknown = request.cookies?.[LOGIN_CSRF_COOKIE];
    // The double-submit cookie alone does not stop a sibling host, which can plant it (login CSRF, RFC 6749 §10.12).
    const forged = typeof expected !== 'string' || !form.csrf || !constantTimeEquals(form.csrf, expected);
    if (forged || isCrossSiteRequest(request, this.config.http.publicUrl)) {
      return this.sendLogin(response, HttpStatus.FORBIDDEN, returnTo, t('sign-in.form-expired'));
    }
    try {
      const result = await this.logins.login(
        form.username ?? '',
        form.password ?? '',
        signInContext(request),
        form.recoveryCode,
      );
      this.pages.signedIn(response, result, returnTo);
    } catch (error) {
      if (!(error instanceof AppException)) {
        throw error;
      }
      response.set(error.headers);
      // Once the account is throttled (or while trying one), the form offers the recovery code that still lets the
      // owner in; not when the address is over its limit, which no code passes.
      const throttled = error instanceof IdentityException && error.code === IdentityErrorCode.Throttled;
      const offerRecovery = throttled || Boolean(form.recoveryCode);
      this.sendLogin(response, error.status, returnTo, error.message, form.username, offerRecovery);
    }
  }

  @Get('login/second-factor')
  @Public()
  @Header('Cache-Control', 'no-store')
  async showSecondFactor(
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: AppRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.sendSecondFactor(request, response, HttpStatus.OK, localPathOr(returnTo, '/'));
  }

  @Post('login/second-factor')
  @Public()
  @Header('Cache-Control', 'no-store')
  async secondFactor(
    @Body() form: SecondFactorFormDto,
    @Req() request: AppRequest,
    @Res() response: Response,
  ): Promise<void> {
    const returnTo = localPathOr(form.returnTo, '/');
    const expected: unknown = request.cookies?.[LOGIN_CSRF_COOKIE];
    const forged = typeof expected !== 'string' || !form.csrf || !constantTimeEquals(form.csrf, expected);
    if (forged || isCrossSiteRequest(request, this.config.http.publicUrl)) {
      return this.sendSecondFactor(request, response, HttpStatus.FORBIDDEN, returnTo, t('sign-in.form-expired'));
    }
    const pending: unknown = request.cookies?.[PENDING_SIGN_IN_COOKIE];
    try {
      const result = await this.logins.completeSecondFactor(
        typeof pending === 'string' ? pending : '',
        form.webauthn ? { webauthn: parsedAssertion(form.webauthn) } : { code: form.code ?? '' },
        signInContext(request),
      );
      this.cookies.clearPendingSignIn(response);
      this.pages.signedIn(response, result, returnTo);
    } catch (error) {
      if (!(error instanceof AppException)) {
        throw error;
      }
      response.set(error.headers);
      await this.sendSecondFactor(request, response, error.status, returnTo, error.message);
    }
  }

  /** The WebAuthn options of the pending sign-in in the cookie, for `/assets/webauthn.js`. */
  @Post('login/second-factor/webauthn-options')
  @Public()
  @Header('Cache-Control', 'no-store')
  @HttpCode(HttpStatus.OK)
  webauthnOptions(@Req() request: AppRequest): Promise<object> {
    if (isCrossSiteRequest(request, this.config.http.publicUrl)) {
      throw new CommonException(CommonErrorCode.CsrfFailed, 'Signing in from another site is refused');
    }
    const pending: unknown = request.cookies?.[PENDING_SIGN_IN_COOKIE];
    return this.logins.secondFactorWebauthnOptions(typeof pending === 'string' ? pending : '');
  }

  @Post('logout')
  @Public()
  async logout(@Body() form: LogoutFormDto, @Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const auth = request.auth;
    if (auth?.session && form.csrf && constantTimeEquals(form.csrf, auth.session.csrfToken)) {
      await this.logins.logout(auth.session, auth.userId);
      this.cookies.clear(response);
    }
    response.redirect(HttpStatus.SEE_OTHER, '/login');
  }

  /** The second step's page; it offers the security key only to an account that has one. */
  private async sendSecondFactor(
    request: AppRequest,
    response: Response,
    status: number,
    returnTo: string,
    error?: string,
  ): Promise<void> {
    const pending: unknown = request.cookies?.[PENDING_SIGN_IN_COOKIE];
    const securityKey = typeof pending === 'string' && (await this.logins.pendingHasSecurityKey(pending));
    const csrf = randomHex(16);
    this.cookies.setLoginCsrf(response, csrf);
    response.status(status).type('html').send(renderSecondFactor({ csrf, returnTo, error, securityKey }));
  }

  private sendLogin(
    response: Response,
    status: number,
    returnTo: string,
    error?: string,
    username?: string,
    offerRecovery = false,
  ): void {
    this.pages.sendLogin(response, status, { returnTo, error, username, offerRecovery });
  }
}

/** The assertion the script put in the form; what does not parse is an empty one, which no key verifies. */
function parsedAssertion(json: string): AuthenticationResponseJSON {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object') {
      return parsed as AuthenticationResponseJSON;
    }
  } catch {
    // falls through to the empty assertion
  }
  return {} as AuthenticationResponseJSON;
}
