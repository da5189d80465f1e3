import { IntlMessageFormat } from 'intl-messageformat';
import { SafeHtml, escapeHtml } from '../html/html';
import { EN, type MessageKey } from './en';
import { HE } from './he';
import { JA } from './ja';
import { currentLanguage, languageContext } from './language-context';
import type { Language } from './languages';
import { argumentNames } from './message-arguments';
import type { Translation } from './translation';

export type { MessageKey } from './en';

/** Every language's catalogue; English is complete by definition, the others fall back to it key by key. */
export const TRANSLATIONS: Record<Language, Translation> = {
  en: { complete: true, messages: EN },
  ja: JA,
  he: HE,
};

/**
 * Arguments `t()` supplies to every message, so a translation may inflect where English does not: the viewer's
 * gender preference (`{viewerGender, select, female {…} male {…} other {…}}`), MediaWiki's GENDER for "you".
 */
export const AMBIENT_ARGUMENTS = ['viewerGender'] as const;

type Value = SafeHtml | string | number;

interface Compiled {
  format: IntlMessageFormat;
  /** Arguments the message uses, so a missing one shows as `{name}` rather than failing the page. */
  arguments: Set<string>;
}

/** Compiling a message parses it; each (language, key) is compiled once per process. */
const compiled = new Map<string, Compiled>();

/**
 * The message for `key` in the request's language (English where that language lacks the key), rendered as ICU
 * MessageFormat with `params`: plurals follow the language's CLDR rules, an argument not given shows as `{name}`.
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return tIn(currentLanguage(), key, params);
}

/** `t` in a language named by the caller (an API's `lang` parameter) rather than the request's. */
export function tIn(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const message = compile(language, key);
  return String(message.format.format(withDefaults(message, params)));
}

/** `t` for sentences with markup in them: the message is escaped, and each parameter is escaped unless it is `SafeHtml`. */
export function tHtml(key: MessageKey, params: Record<string, Value>): SafeHtml {
  const message = compile(currentLanguage(), key);
  const parts = message.format.formatToParts<SafeHtml>(withDefaults(message, params));
  return new SafeHtml(
    parts.map((part) => (part.value instanceof SafeHtml ? part.value.value : escapeHtml(String(part.value)))).join(''),
  );
}

function withDefaults<V>(message: Compiled, params: Record<string, V>): Record<string, V | string> {
  const values: Record<string, V | string> = { viewerGender: languageContext()?.viewer?.gender ?? 'unknown' };
  for (const name of message.arguments) {
    values[name] = name in params ? params[name] : `{${name}}`;
  }
  return values;
}

function compile(language: Language, key: MessageKey): Compiled {
  const cacheKey = `${language}\u0000${key}`;
  const cached = compiled.get(cacheKey);
  if (cached) {
    return cached;
  }
  const message = compileFrom(language, key) ?? compileFrom('en', key);
  if (!message) {
    // English is complete and parses (catalogue.spec.ts): only a broken build gets here.
    throw new Error(`The English message ${key} is not valid ICU MessageFormat`);
  }
  compiled.set(cacheKey, message);
  return message;
}

/** The message compiled from `language`'s text, or undefined when that language lacks it or its text is broken. */
function compileFrom(language: Language, key: MessageKey): Compiled | undefined {
  const text = TRANSLATIONS[language].messages[key];
  if (text === undefined) {
    return undefined;
  }
  try {
    // Markup in messages is literal text that tHtml escapes, not ICU rich-text tags.
    const format = new IntlMessageFormat(text, language, undefined, { ignoreTag: true });
    return { format, arguments: argumentNames(format.getAst()) };
  } catch {
    // A broken translation shows the English text rather than failing the page.
    return undefined;
  }
}
