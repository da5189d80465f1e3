import type { MessageKey } from './en';

/**
 * A catalogue in another language: the English keys it translates (a missing key falls back to English), and whether
 * it claims to translate them all, which the completeness test then holds it to.
 */
export interface Translation {
  complete: boolean;
  messages: Readonly<Partial<Record<MessageKey, string>>>;
}
