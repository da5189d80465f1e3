import { SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { TotpEnrolment, TwoFactorStatus } from '../../identity/second-factor/two-factor.service';
import type { SecurityKeySummary } from '../../identity/second-factor/webauthn.service';
import type { FieldErrors } from '../form-validation';
import { button, csrfField, formErrors, notice, textField } from '../views/components';
import { timestamp } from '../views/timestamp';

/** What a redirect back to the page reports. */
export type TwoFactorDone = 'disabled' | 'key-added' | 'key-removed';

const DONE_MESSAGES = {
  disabled: 'account.two-factor.disabled',
  'key-added': 'account.two-factor.key-added',
  'key-removed': 'account.two-factor.key-removed',
} as const;

export interface TwoFactorView {
  csrfToken: string;
  returnTo: string;
  /** The person's group requires it and nothing else is open until it is on. */
  required: boolean;
  status: TwoFactorStatus;
  securityKeys: SecurityKeySummary[];
  done?: TwoFactorDone;
  errors?: FieldErrors;
}

/**
 * OATHAuth's Special:OATHManage: whether TOTP is on, and the button that sets it up or the form that turns it off;
 * then the security keys, each with its Remove button, and the form that adds one.
 */
export function twoFactorPage(view: TwoFactorView): SafeHtml {
  return html`${view.done ? notice('success', t(DONE_MESSAGES[view.done])) : ''}
    ${view.required ? notice('warning', t('account.two-factor.required')) : ''}
    ${formErrors(view.errors, { code: t('account.two-factor.disable-code'), name: t('account.two-factor.key-name') })}
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
        : html`<p>
              ${
                view.status.securityKeys > 0
                  ? t('account.two-factor.on-keys', { count: view.status.recoveryCodesLeft })
                  : t('account.two-factor.off')
              }
            </p>
          <form method="post" action="/account/two-factor/totp">
            ${csrfField(view.csrfToken)} <input type="hidden" name="returnTo" value="${view.returnTo}" />
            <div class="gh-actions">${button(t('account.two-factor.start'), { kind: 'primary' })}</div>
          </form>`
    }
    ${securityKeysSection(view)}`;
}

/**
 * The keys, and the form that adds one: hidden until `/assets/webauthn.js` (after @simplewebauthn/browser) shows it,
 * since creating a key takes the browser's WebAuthn API.
 */
function securityKeysSection(view: TwoFactorView): SafeHtml {
  return html`<h2>${t('account.two-factor.keys-title')}</h2>
    ${
      view.securityKeys.length === 0
        ? html`<p>${t('account.two-factor.keys-none')}</p>`
        : html`<table class="cdx-table" id="security-keys">
            <thead>
              <tr>
                <th scope="col">${t('account.two-factor.key-name')}</th>
                <th scope="col">${t('account.two-factor.key-added-on')}</th>
                <th scope="col">${t('account.two-factor.key-last-used')}</th>
                <th scope="col"><span class="gh-visually-hidden">${t('account.two-factor.key-remove')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${view.securityKeys.map(
                (key) =>
                  html`<tr>
                    <td>${key.name}</td>
                    <td>${timestamp(key.createdAt.toISOString())}</td>
                    <td>
                      ${
                        key.lastUsedAt
                          ? timestamp(key.lastUsedAt.toISOString())
                          : t('account.two-factor.key-never-used')
                      }
                    </td>
                    <td>
                      <form method="post" action="/account/two-factor/webauthn/${key.id}/remove" class="gh-inline">
                        ${csrfField(view.csrfToken)}
                        ${button(t('account.two-factor.key-remove'), { kind: 'destructive' })}
                      </form>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <noscript><p>${t('account.two-factor.key-needs-script')}</p></noscript>
    <form method="post" action="/account/two-factor/webauthn" data-webauthn-register hidden>
      ${csrfField(view.csrfToken)} <input type="hidden" name="returnTo" value="${view.returnTo}" />
      <input type="hidden" name="response" value="" />
      ${textField({ name: 'name', label: t('account.two-factor.key-name'), error: view.errors?.name, required: true })}
      <p class="cdx-message cdx-message--error" role="alert" data-webauthn-error hidden>
        ${t('account.two-factor.key-failed')}
      </p>
      <div class="gh-actions">${button(t('account.two-factor.key-add'), { kind: 'primary' })}</div>
    </form>
    <script src="/assets/simplewebauthn-browser.js" defer></script>
    <script src="/assets/webauthn.js" defer></script>`;
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
  return html`${formErrors(view.errors, { code: t('account.two-factor.code') })}
    <p>${t('account.two-factor.scan')}</p>
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
