import { MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { EN_ACCOUNT } from './en-account';
import { EN_ADMIN } from './en-admin';
import { EN_COMMON } from './en-common';
import { EN_CONSUMERS } from './en-consumers';
import { EN_DEVICE } from './en-device';
import { EN_FRAME } from './en-frame';
import { EN_GRANT_DESCRIPTIONS } from './en-grant-descriptions';
import { EN_GRANTS } from './en-grants';
import { EN_NOTIFICATIONS } from './en-notifications';
import { EN_OIDC } from './en-oidc';
import { EN_PREFERENCES } from './en-preferences';
import { HE } from './he';
import { HE_ACCOUNT } from './he-account';
import { HE_ADMIN } from './he-admin';
import { HE_COMMON } from './he-common';
import { HE_CONSUMERS } from './he-consumers';
import { HE_DEVICE } from './he-device';
import { HE_FRAME } from './he-frame';
import { HE_GRANT_DESCRIPTIONS } from './he-grant-descriptions';
import { HE_GRANTS } from './he-grants';
import { HE_NOTIFICATIONS } from './he-notifications';
import { HE_OIDC } from './he-oidc';
import { HE_PREFERENCES } from './he-preferences';
import { JA } from './ja';
import { JA_ACCOUNT } from './ja-account';
import { JA_ADMIN } from './ja-admin';
import { JA_COMMON } from './ja-common';
import { JA_CONSUMERS } from './ja-consumers';
import { JA_DEVICE } from './ja-device';
import { JA_FRAME } from './ja-frame';
import { JA_GRANT_DESCRIPTIONS } from './ja-grant-descriptions';
import { JA_GRANTS } from './ja-grants';
import { JA_NOTIFICATIONS } from './ja-notifications';
import { JA_OIDC } from './ja-oidc';
import { JA_PREFERENCES } from './ja-preferences';

type Messages = Readonly<Record<string, string>>;

/** Each English area with its translations, in the order of the English catalogue. */
const AREAS: { area: string; en: Messages; translations: Record<string, Messages> }[] = [
  { area: 'frame', en: EN_FRAME, translations: { ja: JA_FRAME, he: HE_FRAME } },
  { area: 'common', en: EN_COMMON, translations: { ja: JA_COMMON, he: HE_COMMON } },
  { area: 'consumers', en: EN_CONSUMERS, translations: { ja: JA_CONSUMERS, he: HE_CONSUMERS } },
  { area: 'admin', en: EN_ADMIN, translations: { ja: JA_ADMIN, he: HE_ADMIN } },
  { area: 'grants', en: EN_GRANTS, translations: { ja: JA_GRANTS, he: HE_GRANTS } },
  { area: 'notifications', en: EN_NOTIFICATIONS, translations: { ja: JA_NOTIFICATIONS, he: HE_NOTIFICATIONS } },
  { area: 'oidc', en: EN_OIDC, translations: { ja: JA_OIDC, he: HE_OIDC } },
  { area: 'account', en: EN_ACCOUNT, translations: { ja: JA_ACCOUNT, he: HE_ACCOUNT } },
  { area: 'device', en: EN_DEVICE, translations: { ja: JA_DEVICE, he: HE_DEVICE } },
  { area: 'preferences', en: EN_PREFERENCES, translations: { ja: JA_PREFERENCES, he: HE_PREFERENCES } },
  {
    area: 'grant descriptions',
    en: EN_GRANT_DESCRIPTIONS,
    translations: { ja: JA_GRANT_DESCRIPTIONS, he: HE_GRANT_DESCRIPTIONS },
  },
];

/** The argument names a message uses, at any depth (plural and select branches included). */
function argumentNames(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        names.add(element.value);
        break;
      case TYPE.select:
      case TYPE.plural:
        names.add(element.value);
        Object.values(element.options).forEach((option) => argumentNames(option.value, names));
        break;
      case TYPE.tag:
        argumentNames(element.children, names);
        break;
      case TYPE.literal:
      case TYPE.pound:
        break;
    }
  }
  return names;
}

/**
 * The English side may still be filled by plain `{name}` substitution, where a literal brace (the JWKS example)
 * needs no ICU quoting; such a message counts the names that substitution fills.
 */
function englishArgumentNames(message: string): Set<string> {
  try {
    return argumentNames(parse(message));
  } catch {
    return new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
  }
}

/** The problems of one translated message against its English source: none when it is usable as it stands. */
function problemsOf(english: string, translated: string, language: string): string[] {
  let elements: MessageFormatElement[];
  try {
    elements = parse(translated);
  } catch (error) {
    return [`does not parse as ICU MessageFormat: ${String(error)}`];
  }
  const problems: string[] = [];
  const expected = [...englishArgumentNames(english)].sort().join(', ');
  const actual = [...argumentNames(elements)].sort().join(', ');
  if (actual !== expected) {
    problems.push(`uses arguments [${actual}] where English uses [${expected}]`);
  }
  if (!/<\/?[a-z]/i.test(english) && /<\/?[a-z]/i.test(translated)) {
    problems.push('has markup where English has none');
  }
  // Bidi controls are invisible and break copy-and-paste; the page's dir attribute does the layout.
  if (language === 'he' && /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(translated)) {
    problems.push('contains a bidi control character');
  }
  if (translated.trim() === '') {
    problems.push('is empty');
  }
  try {
    // A number suits every argument kind (plain, plural, select's `other`), so this shows the message renders.
    const sample = Object.fromEntries([...argumentNames(elements)].map((name) => [name, 3]));
    new IntlMessageFormat(translated, language).format(sample);
  } catch (error) {
    problems.push(`does not render: ${String(error)}`);
  }
  return problems;
}

describe.each(AREAS)('the $area messages', ({ en, translations }) => {
  it.each(Object.entries(translations))('in %s have exactly the English keys', (_language, messages) => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries(translations))(
    'in %s parse as ICU MessageFormat with the English argument names',
    (language, messages) => {
      const problems = Object.entries(messages).flatMap(([key, message]) =>
        problemsOf(en[key], message, language).map((problem) => `${key} ${problem}`),
      );
      expect(problems).toEqual([]);
    },
  );
});

describe('the per-language indexes', () => {
  const expected = AREAS.flatMap(({ en }) => Object.keys(en)).sort();

  it.each([
    ['ja', JA],
    ['he', HE],
  ])('in %s hold every area, and say so', (_language, translation) => {
    expect(Object.keys(translation.messages).sort()).toEqual(expected);
    expect(translation.complete).toBe(true);
  });
});
