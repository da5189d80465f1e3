import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { html } from '../../common/html/html';
import type { AppRequest } from '../../common/http/app-request';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';

/** The front page: what Gatehouse is and where to go; the header carries the links a person's rights open. */
@Controller()
export class HomeController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @PageAccess({ anyone: true })
  home(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    const auth = request.auth;
    return this.pages.send(request, response, {
      title: t('home.title'),
      body: html`<p>${t('home.intro')}</p>
        ${
          auth
            ? html`<p>${t('home.signed-in', { name: auth.userName })}</p>`
            : html`<p><a class="cdx-button cdx-button--action-progressive cdx-button--weight-primary" href="/login"
              >${t('home.sign-in')}</a
            ></p>`
        }
        <p><a href="/consumers">${t('nav.apps')}</a> · <a href="/docs">${t('home.api-console')}</a></p>`,
    });
  }
}
