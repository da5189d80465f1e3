import { t } from '../messages/catalogue';
import { type SafeHtml, html } from './html';

/**
 * A value to copy (a secret, a token, a verifier): selectable text that works without JavaScript, and a copy
 * button that `/assets/copy.js` reveals and wires up where scripts run.
 */
export function secretBox(id: string, value: string): SafeHtml {
  return html`<div class="gh-secret">
    <code id="secret-${id}">${value}</code>
    <button type="button" class="cdx-button" data-copy="secret-${id}" data-copied="${t('frame.copied')}" hidden>
      ${t('frame.copy')}
    </button>
  </div>
  <script src="/assets/copy.js" defer></script>`;
}
