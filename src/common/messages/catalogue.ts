import { EN_ACCOUNT } from './en-account';
import { EN_ADMIN } from './en-admin';
import { SafeHtml, escapeHtml, html } from '../html/html';
import { EN_COMMON } from './en-common';
import { EN_CONSUMERS } from './en-consumers';
import { EN_DEVICE } from './en-device';
import { EN_FRAME } from './en-frame';
import { EN_GRANTS } from './en-grants';
import { EN_NOTIFICATIONS } from './en-notifications';
import { EN_OIDC } from './en-oidc';

/**
 * Every word the HTML pages show (the pages module, sign-in, consent), by key, in English: a translation is another
 * catalogue with the same keys. Each area keeps its messages in its own `en-*.ts` file. Protocol error texts that
 * clients match on (MediaWiki's) are not here: they are part of the wire format.
 */
const EN = {
  ...EN_FRAME,
  ...EN_COMMON,
  ...EN_CONSUMERS,
  ...EN_ADMIN,
  ...EN_GRANTS,
  ...EN_NOTIFICATIONS,
  ...EN_OIDC,
  ...EN_ACCOUNT,
  ...EN_DEVICE,
} as const;

export type MessageKey = keyof typeof EN;

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return EN[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/** `t` for sentences with markup in them: the message is escaped, and each parameter is escaped unless it is `SafeHtml`. */
export function tHtml(key: MessageKey, params: Record<string, SafeHtml | string | number>): SafeHtml {
  const text = EN[key]
    .split(/\{(\w+)\}/)
    .map((part, index) => {
      if (index % 2 === 0) {
        return escapeHtml(part);
      }
      const value = params[part];
      return value === undefined ? escapeHtml(`{${part}}`) : html`${value}`.value;
    })
    .join('');
  return new SafeHtml(text);
}
