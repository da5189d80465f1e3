import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { InputRefusedException } from '../http/input-refused.exception';
import { t } from '../messages/catalogue';
import { html } from './html';
import { layout } from './layout';

/** A form refused at the edge answers as a page, for the HTML routes outside the pages module (sign-in). */
@Catch(InputRefusedException)
export class InputRefusalPageFilter implements ExceptionFilter {
  catch(exception: InputRefusedException, host: ArgumentsHost): void {
    const body = html`<p class="cdx-message cdx-message--error" role="alert">${t('error.input-refused')}</p>`;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(exception.getStatus())
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(layout(t('error.title'), body));
  }
}
