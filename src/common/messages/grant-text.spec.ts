import { TRANSLATIONS } from './catalogue';
import { grantDescription } from './grant-text';
import { runWithLanguage } from './language-context';

describe('grant descriptions', () => {
  it('translates a built-in grant into the requested language, English by default', () => {
    expect(grantDescription('basic', 'Basic rights')).toBe('Basic rights');
    expect(grantDescription('basic', 'Basic rights', 'ja')).toBe(TRANSLATIONS.ja.messages['grant-description.basic']);
    expect(runWithLanguage({ fallback: 'he' }, () => grantDescription('basic', 'Basic rights'))).toBe(
      TRANSLATIONS.he.messages['grant-description.basic'],
    );
  });

  it('keeps the configured English text of a grant a grants file adds or redescribes', () => {
    expect(grantDescription('deploy', 'Deploy services', 'ja')).toBe('Deploy services');
    expect(grantDescription('basic', 'Our own basic access', 'ja')).toBe('Our own basic access');
  });
});
