import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { secretBox } from '../../common/html/secret-box';
import { t } from '../../common/messages/catalogue';

export function renderCancelled(app: string, userName: string): string {
  return layout(t('consent.cancelled-title'), html`<p>${t('consent.cancelled', { app })}</p>`, { userName });
}

export function renderVerified(verifier: string, token: string, userName?: string): string {
  return layout(
    t('consent.verified-title'),
    html`<p>${t('consent.verified')}</p>
${secretBox('verifier', verifier)}
<p>${t('consent.request-token')}</p>
<code class="gh-code">${token}</code>`,
    userName === undefined ? undefined : { userName },
  );
}
