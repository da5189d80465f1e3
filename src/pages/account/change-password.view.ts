import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { FieldErrors } from '../form-validation';
import { button, csrfField, formErrors, notice, textField } from '../views/components';

export interface ChangePasswordView {
  csrfToken: string;
  returnTo: string;
  minLength: number;
  /** An admin reset the password: nothing else is open until it is changed. */
  required: boolean;
  done: boolean;
  errors?: FieldErrors;
}

/** The form of `POST /api/me/password`, with the new password typed twice. */
export function changePasswordPage(view: ChangePasswordView): SafeHtml {
  const errors = view.errors ?? {};
  return html`${view.done ? notice('success', t('account.password.done')) : ''}
    ${view.required ? notice('warning', t('account.password.required')) : html`<p>${t('account.password.intro')}</p>`}
    <form method="post" action="/account/password" novalidate>
      ${formErrors(view.errors, {
        currentPassword: t('account.password.current'),
        newPassword: t('account.password.new'),
        confirmPassword: t('account.password.confirm'),
      })}
      ${csrfField(view.csrfToken)}
      <input type="hidden" name="returnTo" value="${view.returnTo}" />
      ${textField({
        name: 'currentPassword',
        label: t('account.password.current'),
        type: 'password',
        error: errors.currentPassword,
        required: true,
        autocomplete: 'current-password',
      })}
      ${textField({
        name: 'newPassword',
        label: t('account.password.new'),
        type: 'password',
        help: t('account.password.new-help', { min: view.minLength }),
        error: errors.newPassword,
        required: true,
        autocomplete: 'new-password',
      })}
      ${textField({
        name: 'confirmPassword',
        label: t('account.password.confirm'),
        type: 'password',
        error: errors.confirmPassword,
        required: true,
        autocomplete: 'new-password',
      })}
      <div class="gh-actions">${button(t('account.password.button'), { kind: 'primary' })}</div>
    </form>`;
}
