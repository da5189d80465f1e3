import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import { button, csrfField, notice, textField } from '../views/components';

/** The code form, prefilled (from `verification_uri_complete` or the last attempt) and with why it came back. */
export function userCodeForm(typed: string, problem: 'unknown' | 'used' | undefined, csrfToken: string): SafeHtml {
  return html`<p>${t('device.intro')}</p>
    <form method="post" action="/device">
      ${csrfField(csrfToken)}
      ${textField({
        name: 'user_code',
        label: t('device.code'),
        value: typed,
        help: t('device.code-help'),
        error: problem === undefined ? undefined : t(problem === 'used' ? 'device.used' : 'device.unknown'),
        required: true,
        autocomplete: 'off',
      })}
      ${button(t('device.continue'), { kind: 'primary' })}
    </form>`;
}

export function deviceOutcome(outcome: 'allowed' | 'denied', app: string): SafeHtml {
  return outcome === 'allowed'
    ? notice('success', t('device.allowed', { app }))
    : notice('notice', t('device.denied', { app }));
}
