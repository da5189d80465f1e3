import { type SafeHtml, html } from '../../common/html/html';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';
import type { FieldErrors } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { button, checkbox, csrfField, formErrors, notice, textArea, textField } from '../views/components';
import type { UpdateForm } from './update.form';
import { restrictionInputs } from './restriction-fields';

export interface UpdateState {
  consumer: ConsumerDto;
  values: Partial<UpdateForm>;
  /** The consumer's current change token, sent back so a concurrent change is noticed. */
  changeToken: string;
  errors: FieldErrors;
  banner?: string;
  csrfToken: string;
}

/**
 * What an owner may change without a new version (reference §2.3): IP ranges, RSA key, a new secret, and whether
 * an OAuth 2 client's tokens must be DPoP-bound (it only ever constrains the client further).
 */
export function updateBody(state: UpdateState): SafeHtml {
  const { consumer, values, errors } = state;
  const oauth1 = consumer.oauthVersion === 1;
  const keyed = consumer.tokenEndpointAuthMethod === 'private_key_jwt';
  const hasSecret = oauth1 || (consumer.oauth2IsConfidential === true && !keyed);
  return html`<p>${t('consumers.update.intro')}</p>
    ${
      state.banner
        ? notice('error', state.banner)
        : formErrors(errors, {
            ipAddresses: t('consumers.field.ip-addresses'),
            rsaKey: t('consumers.field.rsa-key'),
            jwks: t('consumers.field.jwks'),
            reason: t('consumers.update.reason'),
          })
    }
    <form method="post" action="/consumers/${consumer.consumerKey}/update" novalidate>
      ${csrfField(state.csrfToken)}
      <input type="hidden" name="changeToken" value="${state.changeToken}" />
      ${restrictionInputs(values, errors, oauth1)}
      ${
        oauth1
          ? ''
          : html`${checkbox({
              name: 'dpopBoundAccessTokens',
              label: t('consumers.field.dpop'),
              checked: values.dpopBoundAccessTokens,
            })}
              <div class="cdx-field__help-text">${t('consumers.field.dpop-help')}</div>`
      }
      ${
        keyed && consumer.jwks
          ? textArea({
              name: 'jwks',
              label: t('consumers.field.jwks'),
              value: values.jwks,
              error: errors.jwks,
              help: t('consumers.field.jwks-help'),
              rows: 6,
            })
          : ''
      }
      ${
        hasSecret
          ? html`${checkbox({ name: 'resetSecret', label: t('consumers.update.reset-secret'), checked: values.resetSecret })}
              <div class="cdx-field__help-text">${t('consumers.update.reset-secret-help')}</div>`
          : ''
      }
      ${textField({ name: 'reason', label: t('consumers.update.reason'), value: values.reason, error: errors.reason })}
      ${button(t('consumers.update.submit'), { kind: 'primary' })}
    </form>`;
}
