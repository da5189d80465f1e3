import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { t } from '../../common/messages/catalogue';

/**
 * What a person meets who follows a self-registered client still under review (DYNAMIC_REGISTRATION=review): why
 * nothing happens, in words, instead of a protocol error; no code is issued and the client hears nothing.
 */
export function renderAwaitingReview(app: string, userName?: string): string {
  return layout(
    t('authorize-review.title'),
    html`<p class="cdx-message cdx-message--warning" role="status">${t('authorize-review.body', { app })}</p>
<p>${t('authorize-review.advice')}</p>`,
    userName === undefined ? undefined : { userName },
  );
}
