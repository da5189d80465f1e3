import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { localPathOr } from '../../common/http/local-path';
import { t } from '../../common/messages/catalogue';
import { IdentityErrorCode, IdentityException } from '../../identity/identity.exception';
import { TwoFactorCodeDto } from '../../identity/second-factor/two-factor.dto';
import { TwoFactorService } from '../../identity/second-factor/two-factor.service';
import { WebauthnService } from '../../identity/second-factor/webauthn.service';
import { validateForm } from '../form-validation';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { type TwoFactorDone, enrolmentPage, recoveryCodesPage, twoFactorPage } from './two-factor.view';

/**
 * "Two-factor authentication" (OATHAuth's Special:OATHManage) over `TwoFactorService`, as `/api/me/two-factor`:
 * set up TOTP with a QR code, see the recovery codes once, turn it off; add and remove security keys. Open to a person
 * whose group requires it before anything else.
 */
@Controller('account/two-factor')
export class TwoFactorPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly twoFactor: TwoFactorService,
    private readonly webauthn: WebauthnService,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  async show(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query('returnTo') returnTo?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.render(request, response, { returnTo: localPathOr(returnTo, ''), done: doneOf(done) });
  }

  @Post('totp')
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  async begin(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.sendEnrolment(request, response, localPathOr(body.returnTo, ''));
  }

  @Post('totp/confirm')
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  async confirm(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const returnTo = localPathOr(body.returnTo, '');
    const form = validateForm(TwoFactorCodeDto, body);
    let codes: string[];
    try {
      codes = await this.twoFactor.confirmTotp(auth.userId, form.ok ? form.value.code : '');
    } catch (error) {
      if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.InvalidSecondFactor) {
        throw error;
      }
      // A new secret to scan: the one shown before is not shown again (it is sealed, and never leaves twice).
      return this.sendEnrolment(request, response, returnTo, { code: error.message });
    }
    await this.sendRecoveryCodes(request, response, codes, returnTo);
  }

  @Post('totp/disable')
  @PageAccess({ rights: [Right.EditMyPrivateInfo] })
  async disable(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const form = validateForm(TwoFactorCodeDto, body);
    try {
      await this.twoFactor.disableTotp(auth.userId, form.ok ? form.value.code : '');
    } catch (error) {
      if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.InvalidSecondFactor) {
        throw error;
      }
      // A form error (400), not the API's 401: the page's person is signed in.
      return this.render(request, response, { returnTo: '', errors: { code: error.message } }, HttpStatus.BAD_REQUEST);
    }
    this.pages.seeOther(response, '/account/two-factor?done=disabled');
  }

  /** The key `/assets/webauthn.js` created with the options of `POST /api/me/two-factor/webauthn/options`. */
  @Post('webauthn')
  @PageAccess({ rights: [Right.EditMyPrivateInfo], duringSetup: true })
  async addSecurityKey(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const returnTo = localPathOr(body.returnTo, '');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length === 0 || name.length > 64) {
      const errors = { name: t('account.two-factor.key-name') };
      return this.render(request, response, { returnTo, errors }, HttpStatus.BAD_REQUEST);
    }
    let codes: string[];
    try {
      codes = await this.webauthn.register(auth.userId, name, parsedObject(body.response) as RegistrationResponseJSON);
    } catch (error) {
      if (!(error instanceof IdentityException)) {
        throw error;
      }
      return this.render(request, response, { returnTo, errors: { name: error.message } }, HttpStatus.BAD_REQUEST);
    }
    if (codes.length === 0) {
      return this.pages.seeOther(response, '/account/two-factor?done=key-added');
    }
    await this.sendRecoveryCodes(request, response, codes, returnTo);
  }

  @Post('webauthn/:id/remove')
  @PageAccess({ rights: [Right.EditMyPrivateInfo] })
  async removeSecurityKey(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const auth = signedIn(request);
    // An id that is not a number is no key of this person: the service answers 404 for it as for any other.
    await this.webauthn.remove(auth.userId, /^[1-9]\d{0,9}$/.test(id) ? Number(id) : 0);
    this.pages.seeOther(response, '/account/two-factor?done=key-removed');
  }

  /** A new secret to scan (any unconfirmed one is replaced), with the form that confirms it. */
  private async sendEnrolment(
    request: AppRequest,
    response: Response,
    returnTo: string,
    errors?: Record<string, string>,
  ): Promise<void> {
    const auth = signedIn(request);
    const { secret, qrSvg } = await this.twoFactor.beginTotp(auth.userId, auth.userName);
    await this.pages.send(request, response, {
      title: t('account.two-factor.title'),
      status: errors ? HttpStatus.BAD_REQUEST : undefined,
      body: enrolmentPage({ csrfToken: auth.session.csrfToken, returnTo, enrolment: { secret, qrSvg }, errors }),
    });
  }

  /** The recovery codes of a first factor, this once, and the way on. */
  private async sendRecoveryCodes(
    request: AppRequest,
    response: Response,
    codes: string[],
    returnTo: string,
  ): Promise<void> {
    await this.pages.send(request, response, {
      title: t('account.two-factor.codes-title'),
      body: recoveryCodesPage(codes, returnTo || '/account/two-factor'),
    });
  }

  private async render(
    request: AppRequest,
    response: Response,
    state: { returnTo: string; done?: TwoFactorDone; errors?: Record<string, string> },
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    await this.pages.send(request, response, {
      title: t('account.two-factor.title'),
      status,
      body: twoFactorPage({
        ...state,
        csrfToken: auth.session.csrfToken,
        required: auth.setupRequired === 'second-factor',
        status: await this.twoFactor.status(auth.userId),
        securityKeys: await this.webauthn.list(auth.userId),
      }),
    });
  }
}

function doneOf(done: unknown): TwoFactorDone | undefined {
  return done === 'disabled' || done === 'key-added' || done === 'key-removed' ? done : undefined;
}

/** The JSON the script put in a hidden field; anything else is an empty object, which verifies as nothing. */
function parsedObject(json: unknown): object {
  try {
    const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : undefined;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
