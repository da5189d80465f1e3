import { type SafeHtml, html } from '../../common/html/html';

/**
 * A moment as people read it, the same for every viewer (UTC, to the minute), with the exact ISO time in
 * `datetime` for machines and browser extensions.
 */
export function timestamp(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}
