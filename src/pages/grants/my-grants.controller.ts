import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { AcceptanceIdParamDto } from '../../consumers/dto/my-grants.dto';
import { MyGrantsService } from '../../consumers/my-grants.service';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { t } from '../../common/messages/catalogue';
import { grantDescription } from '../../common/messages/grant-text';
import { PageAccess } from '../page-access';
import { PageException } from '../page.exception';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { html } from '../../common/html/html';
import { pager } from '../views/components';
import { MyGrantsPageQuery } from './my-grants-page.query';
import { type DescribeGrant, manageGrant, myGrantsList } from './my-grants.view';

const PAGE_SIZE = 20;

/**
 * "My grants" (Special:OAuthManageMyGrants): the apps the signed-in person authorized, and revoking one, through
 * the same `MyGrantsService` calls as `GET` and `DELETE /api/me/grants`.
 */
@Controller('grants')
export class MyGrantsPagesController {
  private readonly describe: DescribeGrant = (name) => {
    const grant = this.catalogue.get(name);
    return grant ? grantDescription(name, grant.description) : name;
  };

  constructor(
    private readonly pages: PageRenderer,
    private readonly grants: MyGrantsService,
    private readonly catalogue: GrantCatalogue,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.ManageMyGrants] })
  async list(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Query() { cursor, done }: MyGrantsPageQuery,
  ): Promise<void> {
    // The service answers every authorization (as the JSON API does); the page shows them 20 at a time, as
    // MediaWiki's does, the cursor being how many came before.
    const all = await this.grants.list(signedIn(request));
    const start = cursor === undefined ? 0 : Number(cursor);
    const next = start + PAGE_SIZE < all.length ? String(start + PAGE_SIZE) : undefined;
    return this.pages.send(request, response, {
      title: t('grants.title'),
      body: html`${myGrantsList(all.slice(start, start + PAGE_SIZE), this.describe, done)}
      ${pager('/grants', { cursor }, next)}`,
    });
  }

  @Get(':id')
  @PageAccess({ rights: [Right.ManageMyGrants] })
  async manage(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param() { id }: AcceptanceIdParamDto,
  ): Promise<void> {
    const auth = signedIn(request);
    // The person's own list is the only way to an authorization: another user's id looks like no id at all.
    const authorization = (await this.grants.list(auth)).find((entry) => entry.id === Number(id));
    if (!authorization) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    return this.pages.send(request, response, {
      title: t('grants.manage.title', { name: authorization.consumer.name }),
      body: manageGrant(authorization, this.describe, auth.session.csrfToken),
    });
  }

  @Post(':id/revoke')
  @PageAccess({ rights: [Right.ManageMyGrants] })
  async revoke(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param() { id }: AcceptanceIdParamDto,
  ): Promise<void> {
    await this.grants.revoke(signedIn(request), Number(id));
    this.pages.seeOther(response, '/grants?done=revoked');
  }
}
