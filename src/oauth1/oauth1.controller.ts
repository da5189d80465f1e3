import { All, Controller, HttpStatus, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CacheUnavailableError } from '../cache/cache-unavailable.error';
import { ProtocolDoor } from '../common/auth/authorize.decorator';
import { constantTimeEquals } from '../common/crypto/crypto';
import type { AppRequest } from '../common/http/app-request';
import { DoorLimits } from '../common/rate-limits/door-limits';
import { RateLimitedException } from '../common/rate-limits/rate-limited.exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { renderConsent } from '../common/html/consent-page';
import { renderCancelled, renderVerified } from './consent/consent-page.view';
import { Oauth1ConsentService } from './consent/oauth1-consent.service';
import { OAUTH1_ERRORS } from './mediawiki-errors';
import { Oauth1HandshakeService } from './oauth1-handshake.service';
import { Oauth1Refusal } from './oauth1-refusal';
import { Oauth1InputRefusalFilter } from './oauth1-input-refusal.filter';
import { field, formatOf, subpageOf } from './oauth1-request';
import { sendCredentials, sendError } from './oauth1-response';
import type { Oauth1Subpage } from './special-page-title';

/**
 * OAuth 1.0a at `/oauth1/<step>` and at MediaWiki's addresses (`/index.php` and `/w/index.php` with
 * `title=Special:OAuth/<step>`, `/wiki/Special:OAuth/<step>`), so existing MediaWiki clients work unchanged.
 * The protocol answers in MediaWiki's formats, so it is left out of the JSON API's Swagger document.
 */
@ApiExcludeController()
@Controller()
@UseFilters(Oauth1InputRefusalFilter)
export class Oauth1Controller {
  constructor(
    private readonly handshake: Oauth1HandshakeService,
    private readonly consent: Oauth1ConsentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: DoorLimits,
  ) {}

  @All(['oauth1/:subpage', 'wiki/Special\\:OAuth/:subpage'])
  @ProtocolDoor('oauth1')
  byPath(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    return this.dispatch(subpageOf(request), request, response);
  }

  @All(['index.php', 'w/index.php'])
  @ProtocolDoor('oauth1')
  byTitle(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    return this.dispatch(subpageOf(request), request, response);
  }

  private async dispatch(subpage: Oauth1Subpage | undefined, request: AppRequest, response: Response): Promise<void> {
    const format = formatOf(subpage, request);
    if ((subpage === 'initiate' || subpage === 'token') && this.mustMoveToHttps(request)) {
      response.setHeader('Vary', 'X-Forwarded-Proto');
      if (this.config.http.publicUrl.startsWith('https://')) {
        const target = `https://${new URL(this.config.http.publicUrl).host}${request.originalUrl}`;
        return response.redirect(HttpStatus.TEMPORARY_REDIRECT, target);
      }
      return sendError(response, format, OAUTH1_ERRORS.insecureTransfer());
    }
    try {
      if (subpage === 'initiate' || subpage === 'token') {
        await this.admit(request);
      }
      switch (subpage) {
        case 'initiate':
          return sendCredentials(response, format, await this.handshake.initiate(request));
        case 'token':
          return sendCredentials(response, format, await this.handshake.token(request));
        case 'identify':
          return void response
            .set({ 'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate', Pragma: 'no-cache' })
            .type('application/json')
            .send(await this.handshake.identify(request));
        case 'authorize':
        case 'authenticate':
          return await this.dialog(subpage === 'authenticate', request, response);
        case 'verified':
          return this.verified(request, response);
        case undefined:
          return sendError(response, format, await this.handshake.unknownUrl(field(request, 'oauth_consumer_key')));
      }
    } catch (error) {
      if (error instanceof Oauth1Refusal) {
        return sendError(response, format, error.error);
      }
      if (error instanceof CacheUnavailableError) {
        return sendError(response, format, OAUTH1_ERRORS.unavailable(error.retryAfter));
      }
      throw error;
    }
  }

  /** The handshake's per-address abuse limit (`RATE_LIMIT_OAUTH1`), refused in MediaWiki's format. */
  private async admit(request: AppRequest): Promise<void> {
    try {
      await this.limits.admit('oauth1', request.ip);
    } catch (error) {
      throw error instanceof RateLimitedException
        ? new Oauth1Refusal(OAUTH1_ERRORS.throttled(error.retryAfter))
        : error;
    }
  }

  /**
   * `OAUTH_SECURE_TOKEN_TRANSFER` (reference §4.7): secrets travel over https only, so plain http is sent to the
   * https address, or refused where the service has none. RSA-SHA1 exchanges carry no secret and pass.
   */
  private mustMoveToHttps(request: AppRequest): boolean {
    const rsa = /oauth_signature_method="?RSA-SHA1/.test(request.header('authorization') ?? '');
    return this.config.oauth.secureTokenTransfer && request.protocol !== 'https' && !rsa;
  }

  /** The consent dialog: sign-in round trip first, then the dialog (GET) or the user's answer (POST). */
  private async dialog(authenticate: boolean, request: AppRequest, response: Response): Promise<void> {
    const auth = request.auth;
    if (!auth?.session) {
      return response.redirect(HttpStatus.SEE_OTHER, `/login?returnTo=${encodeURIComponent(request.originalUrl)}`);
    }
    const consentRequest = {
      requestToken: field(request, 'oauth_token') ?? field(request, 'requestToken') ?? '',
      consumerKey: field(request, 'oauth_consumer_key') ?? field(request, 'consumerKey'),
    };
    response.setHeader('Cache-Control', 'no-store');
    if (request.method !== 'POST') {
      const step = await this.consent.open(auth, consentRequest, authenticate);
      return 'redirect' in step
        ? response.redirect(HttpStatus.SEE_OTHER, step.redirect)
        : void response.type('html').send(renderConsent(step.show, request.originalUrl));
    }
    const csrf = field(request, 'csrf');
    if (!csrf || !constantTimeEquals(csrf, auth.session.csrfToken)) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.sessionFailure());
    }
    const step = await this.consent.decide(
      auth,
      consentRequest,
      field(request, 'decision') === 'allow' ? 'allow' : 'cancel',
    );
    if ('cancelled' in step) {
      return void response.type('html').send(renderCancelled(step.cancelled, auth.userName));
    }
    return 'redirect' in step ? response.redirect(HttpStatus.SEE_OTHER, step.redirect) : undefined;
  }

  /** The landing page of `oob` apps: shows the verifier for the user to copy (E001 without it). */
  private verified(request: AppRequest, response: Response): void {
    const verifier = field(request, 'oauth_verifier');
    const token = field(request, 'oauth_token');
    if (!verifier || !token) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.missingParameters());
    }
    response.setHeader('Cache-Control', 'no-store');
    response
      .type('html')
      .send(renderVerified(verifier, token, request.auth?.session ? request.auth.userName : undefined));
  }
}
