import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { t } from '../../common/messages/catalogue';

/** What the confirmation must carry back: the checked request, so the answer redirects where the app asked. */
export interface LogoutConfirmation {
  appName?: string;
  csrfToken: string;
  userName: string;
  hidden: Record<string, string>;
}

/**
 * RP-Initiated Logout 1.0 §2 and §6: without a valid `id_token_hint` the person is asked, since anyone can send a
 * browser to the endpoint. A form (no script), posted to the endpoint with the session's CSRF token.
 */
export function renderLogoutConfirmation(view: LogoutConfirmation, action: string): string {
  const hidden = Object.entries(view.hidden).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return layout(
    t('oidc-logout.title'),
    html`${view.appName === undefined ? '' : html`<p>${t('oidc-logout.asked-by', { app: view.appName })}</p>`}
<p>${t('oidc-logout.question')}</p>
<p class="cdx-field__help-text">${t('oidc-logout.effect')}</p>
<form method="post" action="${action}" class="gh-actions">
<input type="hidden" name="csrf" value="${view.csrfToken}">
${hidden}
<button type="submit" name="decision" value="logout" class="cdx-button cdx-button--action-progressive cdx-button--weight-primary">${t('oidc-logout.confirm')}</button>
<button type="submit" name="decision" value="stay" class="cdx-button">${t('oidc-logout.stay')}</button>
</form>`,
    { userName: view.userName },
  );
}

export function renderSignedOut(): string {
  return layout(t('oidc-logout.done-title'), html`<p role="status">${t('oidc-logout.done')}</p>`);
}

export function renderStillSignedIn(userName: string): string {
  return layout(t('oidc-logout.stayed-title'), html`<p role="status">${t('oidc-logout.stayed')}</p>`, { userName });
}

export function renderLogoutError(reason: string): string {
  return layout(
    t('oidc-logout.error-title'),
    html`<p class="cdx-message cdx-message--error" role="alert">${reason}</p>
<p>${t('oidc-logout.error-advice')}</p>`,
  );
}
