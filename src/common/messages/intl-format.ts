import { currentLanguage, languageContext } from './language-context';

/** Building an Intl formatter loads locale data; each (language, zone) is built once per process. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A moment as the viewer reads it: in the request's language and in their chosen time zone (UTC when they chose
 * none), with the zone named, so two viewers comparing notes know what they see.
 */
export function formatDateTime(moment: Date): string {
  const language = currentLanguage();
  const timeZone = languageContext()?.viewer?.timeZone ?? 'UTC';
  const key = `${language}\u0000${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(moment);
}

/** A count or quantity with the request language's digit grouping. */
export function formatNumber(value: number): string {
  const language = currentLanguage();
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language);
    numberFormats.set(language, format);
  }
  return format.format(value);
}
