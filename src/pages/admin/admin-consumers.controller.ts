import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ReviewQueueQueryDto } from '../../admin/dto/admin-queries.dto';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { signedIn } from '../signed-in';
import { changeToken } from '../../consumers/change-token';
import { ConsumerLifecycleService } from '../../consumers/consumer-lifecycle.service';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { ADMIN_ACTIONS } from '../../consumers/consumer-transitions';
import { stageFilter } from '../../consumers/stage-filter';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { type ManageConsumerView, manageConsumer, reviewQueue } from './admin-consumers.view';
import { formRefusal } from '../consumers/form-refusal';
import { ManageConsumerForm } from './manage-consumer.form';
import { offeredActions } from './offered-actions';

const PAGE_SIZE = 20;
const LOG_SIZE = 50;

/**
 * The review queue and the manage form (MediaWiki's Special:OAuthManageConsumers), over the services of
 * `GET /api/admin/consumers` and `POST /api/admin/consumers/<key>/<action>`.
 */
@Controller('admin/consumers')
export class AdminConsumersPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly query: ConsumerQueryService,
    private readonly lifecycle: ConsumerLifecycleService,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.ManageConsumer] })
  async queue(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query() query: ReviewQueueQueryDto,
  ): Promise<void> {
    const auth = signedIn(request);
    const stage = query.stage ?? 'proposed';
    const [counts, page] = await Promise.all([
      this.query.stageCounts(auth),
      this.query.list(auth, {
        stages: stageFilter(stage),
        limit: PAGE_SIZE,
        cursor: query.cursor === undefined ? undefined : Number(query.cursor),
      }),
    ]);
    await this.pages.send(request, response, {
      title: t('admin.queue.title'),
      body: reviewQueue({
        stage,
        counts,
        consumers: page.consumers,
        cursor: query.cursor,
        nextCursor: page.nextCursor,
      }),
    });
  }

  @Get(':key')
  @PageAccess({ rights: [Right.ManageConsumer] })
  async manage(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('key') key: string,
    @Query('done') done: string | undefined,
  ): Promise<void> {
    await this.render(request, response, key, { done: ADMIN_ACTIONS.find((action) => action === done) });
  }

  @Post(':key')
  @PageAccess({ rights: [Right.ManageConsumer] })
  async act(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const values = {
      action: typeof body.action === 'string' ? body.action : undefined,
      reason: typeof body.reason === 'string' ? body.reason : undefined,
      suppress: body.suppress === 'true',
    };
    const form = validateForm(ManageConsumerForm, body);
    if (!form.ok) {
      return this.render(request, response, key, { values, errors: form.errors }, HttpStatus.BAD_REQUEST);
    }
    const { action, reason, suppress, changeToken: seen } = form.value;
    try {
      await this.lifecycle.act(auth, key, action, reason, suppress ?? false, seen);
    } catch (error) {
      // The form has no field a refusal belongs beside: it is shown above it, with the consumer as it is now.
      const refusal = formRefusal(error, []);
      if (!refusal) {
        throw error;
      }
      return this.render(request, response, key, { values, problem: refusal.banner }, refusal.status);
    }
    this.pages.seeOther(response, `/admin/consumers/${key}?done=${action}`);
  }

  /** The page as the viewer may see the consumer now; a consumer they may not see is a 404 page. */
  private async render(
    request: AppRequest,
    response: Response,
    key: string,
    state: Pick<ManageConsumerView, 'done' | 'values' | 'errors' | 'problem'>,
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    const consumer = await this.query.visible(auth, key);
    const [view, log] = await Promise.all([
      this.query.view(consumer, auth),
      this.query.logEntries(auth, key, LOG_SIZE),
    ]);
    await this.pages.send(request, response, {
      title: t('admin.manage.title', { name: consumer.name }),
      status,
      body: manageConsumer({
        ...state,
        consumer: view,
        log: log.entries,
        actions: offeredActions(consumer),
        maySuppress: auth.rights.has(Right.Suppress),
        changeToken: changeToken(consumer),
        csrfToken: auth.session?.csrfToken ?? '',
      }),
    });
  }
}
