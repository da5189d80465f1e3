import { currentLanguage, negotiatedLanguage, runWithLanguage, setRequestedLanguage } from './language-context';
import { languageOf } from './languages';

describe('language negotiation (MediaWiki order)', () => {
  const viewer = { language: 'ja' as const, gender: 'unknown' as const };

  it('takes uselang first, then the saved preference, then Accept-Language, then the default', () => {
    expect(negotiatedLanguage({ requested: 'he', viewer, accepted: 'en', fallback: 'en' })).toBe('he');
    expect(negotiatedLanguage({ viewer, accepted: 'he', fallback: 'en' })).toBe('ja');
    expect(negotiatedLanguage({ viewer: { gender: 'female' }, accepted: 'he', fallback: 'ja' })).toBe('he');
    expect(negotiatedLanguage({ fallback: 'ja' })).toBe('ja');
  });

  it('is English outside a request', () => {
    expect(currentLanguage()).toBe('en');
  });

  it('lets a page state its own language parameter (OIDC ui_locales) unless uselang was given', () => {
    runWithLanguage({ fallback: 'en' }, () => {
      setRequestedLanguage('ja');
      expect(currentLanguage()).toBe('ja');
    });
    runWithLanguage({ fallback: 'en', requested: 'he' }, () => {
      setRequestedLanguage('ja');
      expect(currentLanguage()).toBe('he');
    });
  });

  it('keeps the context across awaits while pages are in flight, and lets go once the last one is answered', async () => {
    const answered: Array<() => void> = [];
    const page = (language: 'ja' | 'he') =>
      runWithLanguage(
        { fallback: 'en', requested: language },
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          const during = currentLanguage();
          await new Promise((resolve) => setTimeout(resolve, 20));
          return [during, currentLanguage()];
        },
        (done) => answered.push(done),
      );
    const first = page('ja');
    const second = page('he');
    await new Promise((resolve) => setTimeout(resolve, 10));
    answered[0]();
    // The second page is still in flight, so the first one, answered, still has its context.
    expect(await first).toEqual(['ja', 'ja']);
    expect(await second).toEqual(['he', 'he']);
    const third = page('ja');
    await new Promise((resolve) => setTimeout(resolve, 10));
    answered[1]();
    answered[2]();
    // None in flight: the storage is disabled, and what still runs of a page speaks the source language.
    expect(await third).toEqual(['ja', 'en']);
  });

  it('reads uselang and ui_locales as language tags, first supported one wins', () => {
    expect(languageOf('ja')).toBe('ja');
    expect(languageOf('HE-il')).toBe('he');
    expect(languageOf('fr-CA ja en')).toBe('ja');
    expect(languageOf('fr')).toBeUndefined();
    expect(languageOf(['ja'])).toBeUndefined();
    expect(languageOf(undefined)).toBeUndefined();
  });
});
