import { Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import { html } from '../../common/html/html';
import type { AppRequest } from '../../common/http/app-request';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { MyGrantsService } from '../../consumers/my-grants.service';
import { ListConsumersQueryDto } from '../../consumers/dto/consumer-queries.dto';
import { stageFilter } from '../../consumers/stage-filter';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { PageException } from '../page.exception';
import { pager } from '../views/components';
import { detailBody } from './consumer-detail.view';
import { consumerTable, filtersForm } from './consumer-list.view';
import { offersUpdate } from './owner-may-update';
import { nonEmpty } from './query-values';
import { isConsumerKey } from './consumer-key';

const PAGE_SIZE = 20;
/** The newest log entries shown on a consumer's page; the JSON log API pages through older ones. */
const LOG_SIZE = 50;

/**
 * The public registry (MediaWiki's Special:OAuthListConsumers): the list with the filters of `GET /api/consumers`
 * and one consumer with its log, both through the query service and its visibility rules. Its `:key` route
 * must come after the other `/consumers/…` pages (see PagesModule).
 */
@Controller('consumers')
export class ConsumerListController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly query: ConsumerQueryService,
    private readonly myGrants: MyGrantsService,
    private readonly catalogue: GrantCatalogue,
  ) {}

  @Get()
  @PageAccess({ anyone: true })
  async list(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const values = nonEmpty(raw, ['name', 'publisher', 'stage', 'cursor']);
    const filters = { ...values, stage: values.stage ?? 'approved' };
    const form = validateForm(ListConsumersQueryDto, filters);
    if (!form.ok) {
      return this.pages.send(request, response, {
        title: t('consumers.list.title'),
        status: HttpStatus.BAD_REQUEST,
        body: filtersForm(filters, form.errors),
      });
    }
    const page = await this.query.list(request.auth, {
      name: form.value.name,
      publisher: form.value.publisher,
      stages: stageFilter(form.value.stage ?? 'approved'),
      limit: PAGE_SIZE,
      cursor: form.value.cursor === undefined ? undefined : Number(form.value.cursor),
    });
    return this.pages.send(request, response, {
      title: t('consumers.list.title'),
      body: html`${filtersForm(filters, {})} ${consumerTable(page.consumers, { empty: t('consumers.list.empty') })}
      ${pager('/consumers', filters, page.nextCursor)}`,
    });
  }

  @Get(':key')
  @PageAccess({ anyone: true })
  async detail(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('key') key: string,
    @Query('done') done: unknown,
  ): Promise<void> {
    if (!isConsumerKey(key)) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    const auth = request.auth;
    const { consumer } = await this.query.detail(auth, key);
    const log = await this.query.logEntries(auth, key, LOG_SIZE);
    // MediaWiki links a consumer's page to the viewer's own authorization of it, when there is one.
    const authorization =
      auth?.session && auth.rights.has(Right.ManageMyGrants)
        ? (await this.myGrants.list(auth)).find((entry) => entry.consumer.consumerKey === key)
        : undefined;
    return this.pages.send(request, response, {
      title: t('consumers.detail.title', { name: consumer.name, version: consumer.version }),
      body: detailBody({
        consumer,
        log: log.entries,
        grant: (name) => this.catalogue.get(name),
        mayUpdate: offersUpdate(consumer, auth),
        mayManage: auth?.rights.has(Right.ManageConsumer) ?? false,
        mayCopy: auth?.userId === consumer.owner.id && auth.rights.has(Right.ProposeConsumer),
        myGrantId: authorization?.id,
        done: typeof done === 'string' ? done : undefined,
      }),
    });
  }
}
