import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import { GENDERS, type ViewerPreferences } from '../../common/messages/language-context';
import { LANGUAGES } from '../../common/messages/languages';
import type { FieldErrors } from '../form-validation';
import { button, csrfField, formErrors, notice, selectField } from '../views/components';

export interface PreferencesView {
  csrfToken: string;
  preferences: ViewerPreferences;
  done: boolean;
  errors?: FieldErrors;
}

/** Each language named in itself (日本語, עברית), so a person can find theirs whatever the page speaks. */
function autonym(language: string): string {
  return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
}

/** The form of `PUT /api/me/preferences`: language, time zone (IANA names Intl knows), gender. */
export function preferencesPage(view: PreferencesView): SafeHtml {
  const errors = view.errors ?? {};
  return html`${view.done ? notice('success', t('preferences.saved')) : ''}
    <p>${t('preferences.intro')}</p>
    <form method="post" action="/account/preferences" novalidate>
      ${formErrors(view.errors)} ${csrfField(view.csrfToken)}
      ${selectField({
        name: 'language',
        label: t('preferences.language'),
        value: view.preferences.language ?? '',
        error: errors.language,
        choices: [
          { value: '', label: t('preferences.language-negotiated') },
          ...LANGUAGES.map((language) => ({ value: language, label: autonym(language) })),
        ],
      })}
      ${selectField({
        name: 'timeZone',
        label: t('preferences.time-zone'),
        value: view.preferences.timeZone ?? '',
        error: errors.timeZone,
        choices: [
          { value: '', label: t('preferences.time-zone-utc') },
          ...Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone })),
        ],
      })}
      ${selectField({
        name: 'gender',
        label: t('preferences.gender'),
        help: t('preferences.gender-help'),
        value: view.preferences.gender,
        error: errors.gender,
        choices: GENDERS.map((gender) => ({ value: gender, label: t(`preferences.gender.${gender}`) })),
      })}
      <div class="gh-actions">${button(t('preferences.save'), { kind: 'primary' })}</div>
    </form>`;
}
