import { t, tHtml } from '../messages/catalogue';
import { currentLanguage } from '../messages/language-context';
import { directionOf } from '../messages/languages';
import { type SafeHtml, html } from './html';

/** A link of the header's navigation. */
export interface NavLink {
  href: string;
  label: string;
  /** A count shown as a badge beside the label (unread notifications). */
  badge?: number;
}

/** What the header shows of the person looking at the page; absent for signed-out visitors. */
export interface PageChrome {
  userName: string;
  /** The session's CSRF token, for the sign-out button; absent where the page cannot sign out. */
  csrfToken?: string;
  nav?: NavLink[];
}

/**
 * The one page frame of every HTML page (pages, sign-in, consent, protocol errors): one stylesheet, served from
 * this origin so the CSP needs nothing else, and a header that works without JavaScript. It speaks the request's
 * language, in that language's writing direction.
 */
export function layout(title: string, body: SafeHtml, chrome?: PageChrome): string {
  const language = currentLanguage();
  return html`<!doctype html>
    <html lang="${language}" dir="${directionOf(language)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${t('frame.title', { title })}</title>
        <link rel="stylesheet" href="/assets/gatehouse.css" />
      </head>
      <body>
        <header class="gh-header">
          <a class="gh-brand" href="/">Gatehouse</a>
          ${chrome?.nav?.length ? navigation(chrome.nav) : ''}
          ${chrome ? account(chrome) : html`<a class="gh-account" href="/login">${t('frame.sign-in')}</a>`}
        </header>
        <main class="gh-main">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}

function navigation(links: NavLink[]): SafeHtml {
  return html`<nav class="gh-nav" aria-label="${t('frame.navigation')}">
    ${links.map(
      (link) =>
        html`<a href="${link.href}"
          >${link.label}${
            link.badge
              ? html` <span class="gh-badge" aria-label="${t('frame.unread', { count: link.badge })}">${link.badge}</span>`
              : ''
          }</a
        >`,
    )}
  </nav>`;
}

function account(chrome: PageChrome): SafeHtml {
  return html`<div class="gh-account">
    <span>${tHtml('frame.signed-in-as', {
      name: html`<a href="/account/security"><strong>${chrome.userName}</strong></a>`,
    })}</span>
    ${
      chrome.csrfToken
        ? html`<form method="post" action="/logout" class="gh-inline">
          <input type="hidden" name="csrf" value="${chrome.csrfToken}" />
          <button type="submit" class="cdx-button cdx-button--weight-quiet">${t('frame.sign-out')}</button>
        </form>`
        : ''
    }
  </div>`;
}
