import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { type MessageKey, t } from '../../common/messages/catalogue';
import type { Oauth2Error } from '../oauth2-error';

/** MediaWiki's fixed sentences for the errors shown instead of redirected (reference §5.8). */
const EXPLANATIONS: Partial<Record<string, MessageKey>> = {
  invalid_client: 'authorize-error.invalid_client',
  invalid_request: 'authorize-error.invalid_request',
  access_denied: 'authorize-error.access_denied',
};

/** "Application connection error": the page shown when the app cannot safely be sent the error. */
export function renderAuthorizationError(error: Oauth2Error, userName?: string): string {
  return layout(
    t('authorize-error.title'),
    html`<p class="cdx-message cdx-message--error" role="alert">${t(EXPLANATIONS[error.error] ?? 'authorize-error.other')}</p>
<p>${error.description}</p>
<p>${t('authorize-error.advice')}</p>`,
    userName === undefined ? undefined : { userName },
  );
}
