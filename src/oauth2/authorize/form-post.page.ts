import { createHash } from 'node:crypto';
import { SafeHtml, html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { t } from '../../common/messages/catalogue';
import type { FormPost } from './response-mode';

const FORM_ID = 'gh-form-post';

/**
 * The one script of the page, inline and allowed by its hash rather than served from `/assets` (`script-src 'self'`):
 * the page is shown for an instant, and an external file would cost a second request before the browser moves on,
 * and a route in another module for one line. The hash is computed from this very text, so the two cannot drift.
 * The form's fields are OAuth's (`code`, `state`, …), none named `submit`, so `submit()` is the form's own.
 */
const AUTO_SUBMIT = `document.getElementById('${FORM_ID}').submit();`;
const AUTO_SUBMIT_HASH = `'sha256-${createHash('sha256').update(AUTO_SUBMIT).digest('base64')}'`;

/**
 * The page's own policy, in place of the site's (security-headers.ts): nothing but its stylesheet and the hashed
 * script, never framed, no `<base>`. `form-action` allows http and https rather than the client's origin alone,
 * because Chromium and WebKit apply it to the redirects that follow a submission too (w3c/webappsec-csp#8) and a
 * client's callback often sends the browser on elsewhere; the action itself is the registered redirect URI. The site's
 * `upgrade-insecure-requests` is left out so that a form post goes exactly where a query redirect would: it rewrites
 * form submissions but not cross-origin navigations (Upgrade Insecure Requests §4.1), and http redirect URIs are
 * loopback ones (RFC 8252 §7.3) that listen on http.
 */
export const FORM_POST_POLICY = [
  "default-src 'none'",
  `script-src ${AUTO_SUBMIT_HASH}`,
  "style-src 'self'",
  'form-action http: https:',
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * OAuth 2.0 Form Post Response Mode §2: a form whose action is the redirect URI and whose method is POST, the
 * response parameters as hidden fields, submitted by the browser. The script submits it at once; without JavaScript
 * the visible Continue button does the same.
 */
export function renderFormPost(formPost: FormPost, userName?: string): string {
  const fields = formPost.fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return layout(
    t('form-post.title'),
    html`<form id="${FORM_ID}" method="post" action="${formPost.action}">
${fields}
<p>${t('form-post.explanation', { host: new URL(formPost.action).host })}</p>
<button type="submit" class="cdx-button cdx-button--action-progressive cdx-button--weight-primary">${t('form-post.continue')}</button>
</form>
<script>${new SafeHtml(AUTO_SUBMIT)}</script>`,
    userName === undefined ? undefined : { userName },
  );
}
