import { t, tHtml } from '../messages/catalogue';
import { grantDescription } from '../messages/grant-text';
import { html } from './html';
import { layout } from './layout';

export interface ConsentView {
  consumer: { name: string; version: string; description: string; owner: string };
  grants: { name: string; description: string }[];
  allWikis: boolean;
  /** Registered itself with no person's review (DYNAMIC_REGISTRATION=open): the page says so plainly. */
  unreviewed?: boolean;
  /** RFC 8707: the one resource server the token will be good for, named for people; absent for none. */
  resource?: { name: string; url: string };
  /** The request state the answer must carry back (OAuth 1 request token, OAuth 2 authorization request id). */
  hidden: Record<string, string>;
  csrfToken: string;
  userName: string;
}

/**
 * The authorization dialog of both protocols (DESIGN §11 form shape): who asks, what for, in words, and two
 * buttons. It posts to `action` with the session's CSRF token and the request state in hidden fields. A screen reader
 * hears one h1 (the question), the app and its publisher in a sentence, a heading over the grants as a real list,
 * and buttons named by what they do.
 */
export function renderConsent(view: ConsentView, action: string): string {
  const grants = view.grants.map(
    (grant) => html`<li><strong>${grant.name}</strong>: ${grantDescription(grant.name, grant.description)}</li>`,
  );
  const hidden = Object.entries(view.hidden).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return layout(
    t('consent.title', { app: view.consumer.name }),
    html`<p>${tHtml('consent.who', {
      app: html`<strong>${view.consumer.name}</strong>`,
      version: view.consumer.version,
      owner: html`<strong>${view.consumer.owner}</strong>`,
      where: t(view.allWikis ? 'consent.every-site' : 'consent.this-site'),
    })}</p>
${view.unreviewed ? html`<p class="cdx-message cdx-message--warning" role="note">${t('consent.unreviewed')}</p>` : ''}
<p>${view.consumer.description}</p>
<h2 id="consent-grants">${t('consent.able-to')}</h2>
<ul aria-labelledby="consent-grants">${grants}</ul>
${view.resource ? html`<p id="consent-resource">${t('consent.resource', { resource: view.resource.name, url: view.resource.url })}</p>` : ''}
<p class="cdx-field__help-text">${t('consent.revocable')}</p>
<form method="post" action="${action}" class="gh-actions">
<input type="hidden" name="csrf" value="${view.csrfToken}">
${hidden}
<button type="submit" name="decision" value="allow" class="cdx-button cdx-button--action-progressive cdx-button--weight-primary">${t('consent.allow')}</button>
<button type="submit" name="decision" value="cancel" class="cdx-button">${t('consent.cancel')}</button>
</form>`,
    { userName: view.userName },
  );
}
