import { Body, Controller, Get, HttpStatus, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { localPathOr } from '../../common/http/local-path';
import { t } from '../../common/messages/catalogue';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IdentityErrorCode, IdentityException } from '../../identity/identity.exception';
import { LoginService } from '../../identity/login.service';
import { SessionCookies } from '../../identity/session-cookies';
import type { FieldErrors } from '../form-validation';
import { validateForm } from '../form-validation';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { changePasswordPage } from './change-password.view';
import { ChangePasswordForm } from './change-password.form';
import { signInContext } from '../../identity/sign-in-context';

/** Which field a refusal of `LoginService.changePassword` belongs beside. */
const ERROR_FIELDS: Partial<Record<IdentityErrorCode, string>> = {
  [IdentityErrorCode.InvalidCredentials]: 'currentPassword',
  [IdentityErrorCode.WeakPassword]: 'newPassword',
  [IdentityErrorCode.Throttled]: 'currentPassword',
};

/**
 * "Change password" (MediaWiki's Special:ChangeCredentials) over `LoginService.changePassword`, as
 * `POST /api/me/password`. The one page open to a person whose password an admin reset.
 */
@Controller('account/password')
export class ChangePasswordPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly logins: LoginService,
    private readonly cookies: SessionCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  show(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query('returnTo') returnTo?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    return this.render(request, response, { returnTo: localPathOr(returnTo, ''), done: done === '1' });
  }

  @Post()
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  async change(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = validateForm(ChangePasswordForm, body);
    const returnTo = localPathOr(body.returnTo, '');
    if (!form.ok) {
      const errors = Object.fromEntries(
        Object.keys(form.errors).map((field) => [field, t('account.password.missing')]),
      );
      return this.render(request, response, { returnTo, errors }, HttpStatus.BAD_REQUEST);
    }
    if (form.value.newPassword !== form.value.confirmPassword) {
      const errors = { confirmPassword: t('account.password.mismatch') };
      return this.render(request, response, { returnTo, errors }, HttpStatus.BAD_REQUEST);
    }
    const auth = signedIn(request);
    try {
      const session = await this.logins.changePassword(
        auth.session,
        { id: auth.userId, name: auth.userName },
        { current: form.value.currentPassword, next: form.value.newPassword },
        signInContext(request),
      );
      this.cookies.set(response, session.id);
    } catch (error) {
      const field = error instanceof IdentityException ? ERROR_FIELDS[error.code] : undefined;
      if (!field) {
        throw error;
      }
      const refusal = error as IdentityException;
      response.set(refusal.headers);
      return this.render(request, response, { returnTo, errors: { [field]: refusal.message } }, refusal.status);
    }
    this.pages.seeOther(response, returnTo || '/account/password?done=1');
  }

  private async render(
    request: AppRequest,
    response: Response,
    state: { returnTo: string; done?: boolean; errors?: FieldErrors },
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    await this.pages.send(request, response, {
      title: t('account.password.title'),
      status,
      body: changePasswordPage({
        ...state,
        done: state.done ?? false,
        csrfToken: auth.session.csrfToken,
        minLength: this.config.identity.passwordMinLength,
        required: auth.setupRequired === 'password-change',
      }),
    });
  }
}
