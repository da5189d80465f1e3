import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { Response } from 'express';
import type { AuthContext } from '../../common/auth/auth-context';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { signedIn } from '../signed-in';
import {
  ConsumerLifecycleService,
  type OwnerUpdate,
  type UpdateResult,
} from '../../consumers/consumer-lifecycle.service';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { PageException } from '../page.exception';
import { formRefusal } from './form-refusal';
import { OneTimeCredentials } from './one-time-credentials';
import { UpdateForm } from './update.form';
import { type UpdateState, updateBody } from './update.view';
import { isConsumerKey } from './consumer-key';

/**
 * The owner's update of a consumer (MediaWiki's Special:OAuthConsumerRegistration/update), through the service
 * behind `PATCH /api/consumers/:key`; the form's change token plays the part of `If-Match`.
 */
@Controller('consumers')
export class UpdateController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly query: ConsumerQueryService,
    private readonly lifecycle: ConsumerLifecycleService,
    private readonly credentials: OneTimeCredentials,
  ) {}

  @Get(':key/update')
  @PageAccess({ rights: [Right.UpdateOwnConsumer] })
  async form(@Req() request: AppRequest, @Res() response: Response, @Param('key') key: string): Promise<void> {
    const { consumer, etag } = await this.ownConsumer(signedIn(request), key);
    return this.render(request, response, {
      consumer,
      changeToken: etag,
      values: {
        ipAddresses: consumer.restrictions?.ipAddresses ?? [],
        rsaKey: consumer.rsaKey ?? undefined,
        dpopBoundAccessTokens: consumer.dpopBoundAccessTokens ?? false,
        jwks: consumer.jwks ? JSON.stringify(consumer.jwks, null, 2) : undefined,
      },
      errors: {},
    });
  }

  @Post(':key/update')
  @PageAccess({ rights: [Right.UpdateOwnConsumer] })
  async update(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const { consumer, etag } = await this.ownConsumer(auth, key);
    const form = validateForm(UpdateForm, body);
    if (!form.ok) {
      const values = plainToInstance(UpdateForm, body);
      return this.render(
        request,
        response,
        { consumer, changeToken: values.changeToken ?? etag, values, errors: form.errors },
        HttpStatus.BAD_REQUEST,
      );
    }
    let result: UpdateResult;
    try {
      result = await this.lifecycle.update(auth, key, changeOf(consumer, form.value), form.value.changeToken);
    } catch (error) {
      const refusal = formRefusal(error, ['ipAddresses', 'rsaKey', 'jwks']);
      if (!refusal) {
        throw error;
      }
      // The current change token: after a conflict the person sees the message and may send their values again.
      return this.render(
        request,
        response,
        { consumer, changeToken: etag, values: form.value, errors: refusal.errors, banner: refusal.banner },
        refusal.status,
      );
    }
    if (!result.secret) {
      return this.pages.seeOther(response, `/consumers/${key}?done=updated`);
    }
    const id = await this.credentials.keep(auth.userId, {
      purpose: 'reset',
      consumer: { key, name: result.consumer.name, version: result.consumer.version, stage: consumer.stage },
      key,
      secret: result.secret,
      accessToken: result.accessToken,
      accessSecret: result.accessSecret,
      warnings: [],
    });
    this.pages.seeOther(response, `/consumers/registered/${id}`);
  }

  /** The consumer as its owner sees it; someone else's is refused as the service would refuse the change. */
  private async ownConsumer(auth: AuthContext, key: string): Promise<{ consumer: ConsumerDto; etag: string }> {
    if (!isConsumerKey(key)) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    const detail = await this.query.detail(auth, key);
    if (detail.consumer.owner.id !== auth.userId) {
      throw new PageException(HttpStatus.FORBIDDEN, 'error.forbidden');
    }
    return detail;
  }

  private render(
    request: AppRequest,
    response: Response,
    state: Omit<UpdateState, 'csrfToken'>,
    status: number = HttpStatus.OK,
  ): Promise<void> {
    return this.pages.send(request, response, {
      title: t('consumers.update.title', { name: state.consumer.name }),
      status,
      body: updateBody({ ...state, csrfToken: request.auth?.session?.csrfToken ?? '' }),
    });
  }
}

/** What `PATCH /api/consumers/:key` would receive: an emptied RSA key field removes the key (OAuth 1). */
function changeOf(consumer: ConsumerDto, form: UpdateForm): OwnerUpdate {
  return {
    restrictions: { ipAddresses: form.ipAddresses },
    rsaKey: consumer.oauthVersion === 1 ? (form.rsaKey ?? null) : undefined,
    dpopBoundAccessTokens: consumer.oauthVersion === 2 ? form.dpopBoundAccessTokens : undefined,
    // Sent only where the form shows it: an inline-keyed private_key_jwt client.
    jwks: consumer.jwks && form.jwks !== undefined ? form.jwks : undefined,
    resetSecret: form.resetSecret,
    reason: form.reason,
  };
}
