import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { SafeHtml } from '../common/html/html';
import { layout } from '../common/html/layout';
import type { AppRequest } from '../common/http/app-request';
import { PageChromeService } from './page-chrome.service';

export interface Page {
  title: string;
  body: SafeHtml;
  status?: number;
}

/**
 * Sends pages: in the one layout with the viewer's header, never cached (they show personal data and CSRF tokens),
 * and the 303 that follows every successful form.
 */
@Injectable()
export class PageRenderer {
  constructor(private readonly chrome: PageChromeService) {}

  async send(request: AppRequest, response: Response, page: Page): Promise<void> {
    const chrome = await this.chrome.for(request.auth);
    response
      .status(page.status ?? HttpStatus.OK)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(layout(page.title, page.body, chrome));
  }

  seeOther(response: Response, location: string): void {
    response.redirect(HttpStatus.SEE_OTHER, location);
  }
}
