/** The languages Gatehouse's pages speak; English is the source every other catalogue translates. */
export const LANGUAGES = ['en', 'ja', 'he'] as const;

export type Language = (typeof LANGUAGES)[number];

export const SOURCE_LANGUAGE: Language = 'en';

/** Writing direction of each language, for `<html dir>` (Hebrew is written right to left). */
const DIRECTIONS: Record<Language, 'ltr' | 'rtl'> = { en: 'ltr', ja: 'ltr', he: 'rtl' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The supported language a request parameter names (`uselang=ja`, `ui_locales=he-IL ja`), or undefined. Tags are
 * matched case-insensitively on their primary subtag, as RFC 4647 §3.4 lookup does when it truncates a tag.
 */
export function languageOf(tags: unknown): Language | undefined {
  if (typeof tags !== 'string') {
    return undefined;
  }
  for (const tag of tags.split(/\s+/)) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(primary)) {
      return primary;
    }
  }
  return undefined;
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return DIRECTIONS[language];
}
