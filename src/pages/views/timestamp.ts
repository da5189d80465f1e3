import { type SafeHtml, html } from '../../common/html/html';
import { formatDateTime } from '../../common/messages/intl-format';

/**
 * A moment as the viewer reads it (their language, their time zone or UTC, to the minute), with the exact ISO time
 * in `datetime` for machines and browser extensions.
 */
export function timestamp(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(new Date(iso))}</time>`;
}
