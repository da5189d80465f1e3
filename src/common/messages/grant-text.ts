import { tIn } from './catalogue';
import { EN, type MessageKey } from './en';
import { currentLanguage } from './language-context';
import type { Language } from './languages';

/**
 * A grant's description in `language` (the request's by default). Only a built-in grant whose text is still the
 * catalogue's English is translated; a grant a `GRANTS_FILE` adds or redescribes keeps its configured English text.
 */
export function grantDescription(name: string, configured: string, language: Language = currentLanguage()): string {
  const key = `grant-description.${name}`;
  if (!(key in EN) || EN[key as MessageKey] !== configured) {
    return configured;
  }
  return tIn(language, key as MessageKey);
}
