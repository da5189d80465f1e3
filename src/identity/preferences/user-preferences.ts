import { GENDERS, type Gender, type ViewerPreferences } from '../../common/messages/language-context';
import { isLanguage } from '../../common/messages/languages';
import type { UserEntity } from '../user.entity';

/** The canonical IANA name of a time zone Intl knows (`asia/tokyo` → `Asia/Tokyo`), or undefined for any other. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isGender(value: unknown): value is Gender {
  return typeof value === 'string' && (GENDERS as readonly string[]).includes(value);
}

/** The stored preferences, read defensively: a value that is no longer supported counts as not chosen. */
export function preferencesOf(user: Pick<UserEntity, 'language' | 'timeZone' | 'gender'>): ViewerPreferences {
  const timeZone = user.timeZone === null ? undefined : canonicalTimeZone(user.timeZone);
  return {
    ...(isLanguage(user.language) ? { language: user.language } : {}),
    ...(timeZone ? { timeZone } : {}),
    gender: isGender(user.gender) ? user.gender : 'unknown',
  };
}
