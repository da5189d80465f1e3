import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { SessionSummary } from '../../identity/session.service';
import { button, csrfField, notice } from '../views/components';
import { timestamp } from '../views/timestamp';

export interface SecurityView {
  sessions: SessionSummary[];
  currentSid: string;
  csrfToken: string;
  done?: 'ended' | 'ended-others';
}

/** The person's sessions (browser, address, when), each with a button that ends it, and the way to change password. */
export function securityPage(view: SecurityView): SafeHtml {
  return html`${view.done ? notice('success', t(`account.security.${view.done}`)) : ''}
    <p>${t('account.security.intro')}</p>
    <p>
      <a href="/account/password">${t('account.security.change-password')}</a> ·
      <a href="/account/two-factor">${t('account.security.two-factor')}</a> ·
      <a href="/account/preferences">${t('preferences.link')}</a>
    </p>
    <h2>${t('account.security.sessions')}</h2>
    <table class="cdx-table">
      <thead>
        <tr>
          <th scope="col">${t('account.security.browser')}</th>
          <th scope="col">${t('account.security.address')}</th>
          <th scope="col">${t('account.security.signed-in')}</th>
          <th scope="col">${t('account.security.last-seen')}</th>
          <th scope="col"><span class="gh-visually-hidden">${t('account.security.end')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${view.sessions.map(
          (session) =>
            html`<tr>
              <td>
                ${session.userAgent || t('account.security.unknown-browser')}
                ${session.sid === view.currentSid ? html`<strong>(${t('account.security.this-one')})</strong>` : ''}
              </td>
              <td>${session.ip}</td>
              <td>${timestamp(new Date(session.createdAt).toISOString())}</td>
              <td>${timestamp(new Date(session.lastSeen).toISOString())}</td>
              <td>
                <form method="post" action="/account/security/sessions/${session.sid}/end" class="gh-inline">
                  ${csrfField(view.csrfToken)} ${button(t('account.security.end'), { kind: 'destructive' })}
                </form>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <form method="post" action="/account/security/sessions/end-others">
      ${csrfField(view.csrfToken)}
      <div class="gh-actions">${button(t('account.security.end-others'), { kind: 'destructive' })}</div>
    </form>`;
}
