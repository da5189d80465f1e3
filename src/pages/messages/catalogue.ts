import { EN_ADMIN } from './en-admin';
import { EN_COMMON } from './en-common';
import { EN_CONSUMERS } from './en-consumers';
import { EN_GRANTS } from './en-grants';
import { EN_NOTIFICATIONS } from './en-notifications';

/**
 * Every word the pages show, by key, in English: a translation is another catalogue with the same keys. Each area
 * of the pages keeps its messages in its own `en-*.ts` file.
 */
const EN = { ...EN_COMMON, ...EN_CONSUMERS, ...EN_ADMIN, ...EN_GRANTS, ...EN_NOTIFICATIONS } as const;

export type MessageKey = keyof typeof EN;

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return EN[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}
