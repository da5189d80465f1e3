import { Controller, Get, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import { renderConsent } from '../../common/html/consent-page';
import type { AppRequest } from '../../common/http/app-request';
import { t } from '../../common/messages/catalogue';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type DeviceStep, DeviceVerificationService } from '../../oauth2/device/device-verification.service';
import { DEVICE_CODE_GRANT } from '../../oauth2/grants/device-code.grant';
import { notice } from '../views/components';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { PageException } from '../page.exception';
import { type SignedInAuth, signedIn } from '../signed-in';
import { deviceOutcome, userCodeForm } from './device.view';

/**
 * The device flow's verification page (RFC 8628 §3.3, `verification_uri`): a signed-in person enters the code their
 * device shows (prefilled from `verification_uri_complete`, but never submitted for them, §5.4: a link alone must
 * not connect a device), answers the same consent as in the code flow, and is told to return to the device.
 */
@Controller('device')
export class DevicePageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly verification: DeviceVerificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.ManageMyGrants] })
  form(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const typed = typeof request.query.user_code === 'string' ? request.query.user_code.slice(0, 64) : '';
    return this.showForm(request, response, signedIn(request), typed, undefined);
  }

  @Post()
  @PageAccess({ rights: [Right.ManageMyGrants] })
  async enter(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const person = signedIn(request);
    const typed = formField(request, 'user_code').slice(0, 64);
    await this.send(request, response, person, await this.verification.lookUp(typed, person, request.ip));
  }

  @Post('decide')
  @PageAccess({ rights: [Right.ManageMyGrants] })
  async decide(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const person = signedIn(request);
    const decision = formField(request, 'decision') === 'allow' ? 'allow' : 'cancel';
    const step = await this.verification.decide(formField(request, 'request'), person, decision);
    await this.send(request, response, person, step);
  }

  /** Where the device grant is off, the page is not there either (as its endpoint is not advertised). */
  private requireEnabled(): void {
    if (!this.config.oauth2.enabledGrantTypes.includes(DEVICE_CODE_GRANT)) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
  }

  private async send(request: AppRequest, response: Response, person: SignedInAuth, step: DeviceStep): Promise<void> {
    if ('consent' in step) {
      response.setHeader('Cache-Control', 'no-store');
      return void response.status(HttpStatus.OK).type('html').send(renderConsent(step.consent, '/device/decide'));
    }
    if ('enterCode' in step) {
      const { typed, problem } = step.enterCode;
      return this.showForm(request, response, person, typed, problem, HttpStatus.BAD_REQUEST);
    }
    if ('retryAfter' in step) {
      response.setHeader('Retry-After', String(step.retryAfter));
      return this.pages.send(request, response, {
        title: t('device.throttled-title'),
        body: notice('error', t('device.throttled', { seconds: step.retryAfter })),
        status: HttpStatus.TOO_MANY_REQUESTS,
      });
    }
    if ('refused' in step) {
      return this.pages.send(request, response, {
        title: t('device.title'),
        body: notice('error', step.refused.description),
        status: HttpStatus.FORBIDDEN,
      });
    }
    return this.pages.send(request, response, {
      title: t(step.done === 'allowed' ? 'device.allowed-title' : 'device.denied-title'),
      body: deviceOutcome(step.done, step.app),
    });
  }

  private showForm(
    request: AppRequest,
    response: Response,
    person: SignedInAuth,
    typed: string,
    problem: 'unknown' | 'used' | undefined,
    status: number = HttpStatus.OK,
  ): Promise<void> {
    return this.pages.send(request, response, {
      title: t('device.title'),
      body: userCodeForm(typed, problem, person.session.csrfToken),
      status,
    });
  }
}

/** A field of the posted form (the guard made sure it is one), or '' when absent or repeated. */
function formField(request: AppRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
