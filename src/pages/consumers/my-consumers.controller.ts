import { Controller, Get, HttpStatus, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import { html } from '../../common/html/html';
import type { AppRequest } from '../../common/http/app-request';
import { signedIn } from '../signed-in';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { MyConsumersQueryDto } from '../../consumers/dto/consumer-queries.dto';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { PageException } from '../page.exception';
import { pager } from '../views/components';
import { consumerTable } from './consumer-list.view';
import { offersUpdate } from './owner-may-update';
import { nonEmpty } from './query-values';

const PAGE_SIZE = 20;

/** The consumers the signed-in developer registered, every stage, as `GET /api/me/consumers` lists them. */
@Controller('consumers')
export class MyConsumersController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly query: ConsumerQueryService,
  ) {}

  @Get('mine')
  @PageAccess({ rights: [Right.UpdateOwnConsumer] })
  async mine(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const paging = nonEmpty(raw, ['cursor']);
    const form = validateForm(MyConsumersQueryDto, paging);
    if (!form.ok) {
      throw new PageException(HttpStatus.BAD_REQUEST, 'error.bad-request');
    }
    const page = await this.query.list(auth, {
      ownerId: auth.userId,
      limit: PAGE_SIZE,
      cursor: form.value.cursor === undefined ? undefined : Number(form.value.cursor),
    });
    return this.pages.send(request, response, {
      title: t('consumers.mine.title'),
      body: html`${
        auth.rights.has(Right.ProposeConsumer)
          ? html`<p><a class="cdx-button" href="/consumers/register">${t('consumers.mine.register')}</a></p>`
          : ''
      }
        ${consumerTable(page.consumers, {
          empty: t('consumers.mine.empty'),
          mayUpdate: (consumer) => offersUpdate(consumer, auth),
        })}
        ${pager('/consumers/mine', paging, page.nextCursor)}`,
    });
  }
}
