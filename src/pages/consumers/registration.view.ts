import { type SafeHtml, html } from '../../common/html/html';
import { grantDescription } from '../../common/messages/grant-text';
import type { GrantDefinition } from '../../grants/grant-definition';
import type { FieldErrors } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import {
  button,
  checkbox,
  choiceGroup,
  csrfField,
  formErrors,
  notice,
  selectField,
  textArea,
  textField,
} from '../views/components';
import { labelOf } from './consumer-labels';
import { OAUTH2_GRANT_TYPES, type RegistrationForm } from './registration.form';
import { restrictionInputs } from './restriction-fields';

export type Protocol = 'oauth1' | 'oauth2';

/** What the form shows: the typed (or default) values, and the problems of the last attempt. */
export interface RegistrationState {
  protocol: Protocol;
  values: Partial<RegistrationForm>;
  errors: FieldErrors;
  /** A refusal of the service that belongs to no one field. */
  banner?: string;
  csrfToken: string;
  grants: GrantDefinition[];
  /** The OAuth 2 grant types this server has enabled: only those are offered. */
  enabledGrantTypes: readonly string[];
}

export function chooserBody(): SafeHtml {
  return html`<p>${t('consumers.register.intro')}</p>
    <ul>
      <li>
        <a href="/consumers/register/oauth2">${t('consumers.register.oauth2')}</a>
        <div class="cdx-field__help-text">${t('consumers.register.oauth2-help')}</div>
      </li>
      <li>
        <a href="/consumers/register/oauth1">${t('consumers.register.oauth1')}</a>
        <div class="cdx-field__help-text">${t('consumers.register.oauth1-help')}</div>
      </li>
    </ul>`;
}

export function registrationBody(state: RegistrationState): SafeHtml {
  const { values, errors } = state;
  const oauth1 = state.protocol === 'oauth1';
  return html`<p>${t('consumers.register.review-note')}</p>
    ${state.banner ? notice('error', state.banner) : formErrors(errors, fieldLabels())}
    <form method="post" action="/consumers/register/${state.protocol}" novalidate>
      ${csrfField(state.csrfToken)}
      ${textField({ name: 'name', label: t('consumers.field.name'), value: values.name, error: errors.name, required: true })}
      ${textField({
        name: 'version',
        label: t('consumers.field.version'),
        value: values.version,
        error: errors.version,
        help: t('consumers.field.version-help'),
        required: true,
      })}
      ${textArea({
        name: 'description',
        label: t('consumers.field.description'),
        value: values.description,
        error: errors.description,
        required: true,
      })}
      ${textField({
        name: 'email',
        label: t('consumers.field.email'),
        type: 'email',
        value: values.email,
        error: errors.email,
        help: t('consumers.field.email-help'),
        required: true,
      })}
      ${checkbox({ name: 'ownerOnly', label: t('consumers.field.owner-only'), checked: values.ownerOnly })}
      <div class="cdx-field__help-text">${t('consumers.field.owner-only-help')}</div>
      ${textField({
        name: 'callbackUrl',
        label: t('consumers.field.callback-url'),
        type: 'url',
        value: values.callbackUrl,
        error: errors.callbackUrl,
        help: t('consumers.field.callback-url-help'),
      })}
      ${
        oauth1
          ? checkbox({
              name: 'callbackIsPrefix',
              label: t('consumers.field.callback-is-prefix'),
              checked: values.callbackIsPrefix,
            })
          : ''
      }
      ${oauth1 ? '' : oauth2Fields(values, errors, state.enabledGrantTypes)}
      ${grantsField(state.grants, values.grants ?? [], errors.grants)}
      ${restrictionInputs(values, errors, oauth1)}
      ${button(t('consumers.register.submit'), { kind: 'primary' })}
    </form>`;
}

function oauth2Fields(
  values: Partial<RegistrationForm>,
  errors: FieldErrors,
  enabledGrantTypes: readonly string[],
): SafeHtml {
  return html`${checkbox({
    name: 'oauth2IsConfidential',
    label: t('consumers.field.confidential'),
    checked: values.oauth2IsConfidential,
  })}
    <div class="cdx-field__help-text">${t('consumers.field.confidential-help')}</div>
    ${checkbox({
      name: 'dpopBoundAccessTokens',
      label: t('consumers.field.dpop'),
      checked: values.dpopBoundAccessTokens,
    })}
    <div class="cdx-field__help-text">${t('consumers.field.dpop-help')}</div>
    ${choiceGroup(
      {
        name: 'oauth2GrantTypes',
        legend: t('consumers.field.grant-types'),
        help: t('consumers.field.grant-types-help'),
        error: errors.oauth2GrantTypes,
      },
      OAUTH2_GRANT_TYPES.filter((type) => enabledGrantTypes.includes(type)).map((type) =>
        checkbox({
          name: 'oauth2GrantTypes',
          value: type,
          label: labelOf('consumers.grant-type.', type),
          checked: values.oauth2GrantTypes?.includes(type),
        }),
      ),
    )}
    ${textArea({
      name: 'resources',
      label: t('consumers.field.resources'),
      value: (values.resources ?? []).join('\n'),
      error: errors.resources,
      help: t('consumers.field.resources-help'),
      rows: 3,
    })}
    ${textArea({
      name: 'postLogoutRedirectUris',
      label: t('consumers.field.post-logout-redirect-uris'),
      value: (values.postLogoutRedirectUris ?? []).join('\n'),
      error: errors.postLogoutRedirectUris,
      help: t('consumers.field.post-logout-redirect-uris-help'),
      rows: 3,
    })}
    ${textField({
      name: 'backchannelLogoutUri',
      label: t('consumers.field.backchannel-logout-uri'),
      type: 'url',
      value: values.backchannelLogoutUri,
      error: errors.backchannelLogoutUri,
      help: t('consumers.field.backchannel-logout-uri-help'),
    })}
    ${selectField({
      name: 'tokenEndpointAuthMethod',
      label: t('consumers.field.token-endpoint-auth-method'),
      value: values.tokenEndpointAuthMethod ?? 'client_secret_basic',
      error: errors.tokenEndpointAuthMethod,
      help: t('consumers.field.token-endpoint-auth-method-help'),
      choices: ['client_secret_basic', 'private_key_jwt'].map((value) => ({ value, label: value })),
    })}
    ${textArea({
      name: 'jwks',
      label: t('consumers.field.jwks'),
      value: values.jwks,
      error: errors.jwks,
      help: t('consumers.field.jwks-help'),
      rows: 4,
    })}
    ${textField({
      name: 'jwksUri',
      label: t('consumers.field.jwks-uri'),
      type: 'url',
      value: values.jwksUri,
      error: errors.jwksUri,
      help: t('consumers.field.jwks-uri-help'),
    })}
    ${checkbox({
      name: 'requirePushedAuthorizationRequests',
      label: t('consumers.field.require-par'),
      checked: values.requirePushedAuthorizationRequests,
    })}`;
}

/** The catalogue's grants as checkboxes, in its order, one fieldset per grant group. */
function grantsField(grants: GrantDefinition[], chosen: string[], error: string | undefined): SafeHtml {
  const groups = new Map<string, GrantDefinition[]>();
  for (const grant of grants) {
    groups.set(grant.group, [...(groups.get(grant.group) ?? []), grant]);
  }
  return choiceGroup(
    { name: 'grants', legend: t('consumers.field.grants'), help: t('consumers.field.grants-help'), error },
    [...groups].map(
      ([group, members]) =>
        html`<fieldset>
          <legend>${labelOf('consumers.grant-group.', group)}</legend>
          ${members.map((grant) =>
            checkbox({
              name: 'grants',
              value: grant.name,
              label: grantDescription(grant.name, grant.description),
              checked: chosen.includes(grant.name),
            }),
          )}
        </fieldset>`,
    ),
  );
}

/** The form's fields by name, in form order, for the error summary's entries. */
function fieldLabels(): Record<string, string> {
  return {
    name: t('consumers.field.name'),
    version: t('consumers.field.version'),
    description: t('consumers.field.description'),
    email: t('consumers.field.email'),
    callbackUrl: t('consumers.field.callback-url'),
    oauth2GrantTypes: t('consumers.field.grant-types'),
    resources: t('consumers.field.resources'),
    postLogoutRedirectUris: t('consumers.field.post-logout-redirect-uris'),
    backchannelLogoutUri: t('consumers.field.backchannel-logout-uri'),
    tokenEndpointAuthMethod: t('consumers.field.token-endpoint-auth-method'),
    jwks: t('consumers.field.jwks'),
    jwksUri: t('consumers.field.jwks-uri'),
    grants: t('consumers.field.grants'),
    ipAddresses: t('consumers.field.ip-addresses'),
    rsaKey: t('consumers.field.rsa-key'),
  };
}
