import { SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { TotpEnrolment, TwoFactorStatus } from '../../identity/second-factor/two-factor.service';
import type { FieldErrors } from '../form-validation';
import { button, csrfField, notice, textField } from '../views/components';

export interface TwoFactorView {
  csrfToken: string;
  returnTo: string;
  /** The person's group requires it and nothing else is open until it is on. */
  required: boolean;
  status: TwoFactorStatus;
  done?: 'disabled';
  errors?: FieldErrors;
}

/** OATHAuth's Special:OATHManage: whether TOTP is on, and the button that sets it up or the form that turns it off. */
export function twoFactorPage(view: TwoFactorView): SafeHtml {
  return html`${view.done ? notice('success', t('account.two-factor.disabled')) : ''}
    ${view.required ? notice('warning', t('account.two-factor.required')) : ''}
    ${
      view.status.totp
        ? html`<p>${t('account.two-factor.on', { count: view.status.recoveryCodesLeft })}</p>
          <form method="post" action="/account/two-factor/totp/disable" novalidate>
            ${csrfField(view.csrfToken)}
            ${textField({
              name: 'code',
              label: t('account.two-factor.disable-code'),
              error: view.errors?.code,
              required: true,
              autocomplete: 'one-time-code',
            })}
            <div class="gh-actions">${button(t('account.two-factor.disable'), { kind: 'destructive' })}</div>
          </form>`
        : html`<p>${t('account.two-factor.off')}</p>
          <form method="post" action="/account/two-factor/totp">
            ${csrfField(view.csrfToken)} <input type="hidden" name="returnTo" value="${view.returnTo}" />
            <div class="gh-actions">${button(t('account.two-factor.start'), { kind: 'primary' })}</div>
          </form>`
    }`;
}

export interface EnrolmentView {
  csrfToken: string;
  returnTo: string;
  enrolment: Omit<TotpEnrolment, 'otpauthUri'>;
  errors?: FieldErrors;
}

/**
 * The QR code (an SVG the `qrcode` library draws here from the URI: its own markup, trusted as such), the key as text,
 * and the confirming code.
 */
export function enrolmentPage(view: EnrolmentView): SafeHtml {
  return html`<p>${t('account.two-factor.scan')}</p>
    <div class="gh-qr" role="img" aria-label="${t('account.two-factor.key')}">${new SafeHtml(view.enrolment.qrSvg)}</div>
    <p>${t('account.two-factor.key')}: <code id="totp-secret">${view.enrolment.secret}</code></p>
    <form method="post" action="/account/two-factor/totp/confirm" novalidate>
      ${csrfField(view.csrfToken)} <input type="hidden" name="returnTo" value="${view.returnTo}" />
      ${textField({
        name: 'code',
        label: t('account.two-factor.code'),
        error: view.errors?.code,
        required: true,
        autocomplete: 'one-time-code',
      })}
      <div class="gh-actions">${button(t('account.two-factor.confirm'), { kind: 'primary' })}</div>
    </form>`;
}

/** The recovery codes, this once, and the way on. */
export function recoveryCodesPage(codes: string[], returnTo: string): SafeHtml {
  return html`${notice('success', t('account.two-factor.codes-intro'))}
    <ul class="gh-recovery-codes">
      ${codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ul>
    <p><a class="cdx-button" href="${returnTo}">${t('account.two-factor.continue')}</a></p>`;
}
