import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../messages/catalogue';

/** A timestamp as a machine-readable `<time>` with a short UTC reading (the service has no viewer time zone). */
export function dateTime(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

export function yesNo(value: boolean): string {
  return value ? t('admin.yes') : t('admin.no');
}
