import { type SafeHtml, html } from '../../common/html/html';
import type { AdminAction } from '../../consumers/consumer-transitions';
import { STAGE_NAMES, type StageName } from '../../consumers/consumer-stage';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';
import type { LogEntryDto } from '../../consumers/dto/log.dto';
import type { FieldErrors } from '../form-validation';
import { type MessageKey, t } from '../../common/messages/catalogue';
import { consumerLog } from '../consumers/consumer-log.view';
import {
  button,
  checkbox,
  choiceGroup,
  csrfField,
  facts,
  formErrors,
  notice,
  pager,
  textArea,
} from '../views/components';
import { jwksView } from '../views/jwks-view';
import { uriList } from '../views/uri-list';
import { yesNo } from '../views/yes-no';
import { timestamp } from '../views/timestamp';
import { stageLabel } from '../consumers/consumer-labels';

export interface ReviewQueueView {
  stage: StageName | 'any';
  counts: Record<StageName, number>;
  consumers: ConsumerDto[];
  cursor?: string;
  nextCursor?: string;
}

/** MediaWiki's Special:OAuthManageConsumers hub: the stages with their counts, then one stage's consumers. */
export function reviewQueue(view: ReviewQueueView): SafeHtml {
  return html`<p>${t('admin.queue.intro')}</p>
    <nav class="gh-actions" aria-label="${t('admin.queue.stages')}">
      ${STAGE_NAMES.map(
        (stage) =>
          html`<a
            class="cdx-button${stage === view.stage ? ' cdx-button--action-progressive' : ''}"
            href="/admin/consumers?stage=${stage}"
            ${stage === view.stage ? html`aria-current="page"` : ''}
            >${t('admin.queue.stage-count', { stage: t(`stage.${stage}`), count: view.counts[stage] })}</a
          >`,
      )}
    </nav>
    <h2>${t('admin.queue.heading', { stage: t(`stage.${view.stage}`) })}</h2>
    ${view.consumers.length === 0 ? html`<p>${t('admin.queue.empty')}</p>` : queueTable(view.consumers)}
    ${pager('/admin/consumers', { stage: view.stage, cursor: view.cursor }, view.nextCursor)}`;
}

function queueTable(consumers: ConsumerDto[]): SafeHtml {
  return html`<table class="cdx-table">
    <thead>
      <tr>
        <th scope="col">${t('admin.consumer.name')}</th>
        <th scope="col">${t('admin.consumer.version')}</th>
        <th scope="col">${t('admin.consumer.publisher')}</th>
        <th scope="col">${t('admin.consumer.registered')}</th>
      </tr>
    </thead>
    <tbody>
      ${consumers.map(
        (consumer) =>
          html`<tr>
            <td><a href="/admin/consumers/${consumer.consumerKey}">${consumer.name}</a></td>
            <td>${consumer.version}</td>
            <td>${consumer.owner.name}</td>
            <td>${timestamp(consumer.registeredAt)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export interface ManageConsumerView {
  consumer: ConsumerDto;
  log: LogEntryDto[];
  /** The actions the consumer's stage allows; the form offers only these. */
  actions: AdminAction[];
  maySuppress: boolean;
  changeToken: string;
  csrfToken: string;
  done?: AdminAction;
  /** What was posted, when the form comes back with a problem. */
  values?: { action?: string; reason?: string; suppress?: boolean };
  errors?: FieldErrors;
  /** The service's refusal (a conflict, an action the stage does not allow), shown above the form. */
  problem?: string;
}

const ACTION_LABELS: Record<AdminAction, MessageKey> = {
  approve: 'admin.manage.approve',
  reject: 'admin.manage.reject',
  disable: 'admin.manage.disable',
  reenable: 'admin.manage.reenable',
};

const DONE_NOTICES: Record<AdminAction, MessageKey> = {
  approve: 'admin.manage.done-approve',
  reject: 'admin.manage.done-reject',
  disable: 'admin.manage.done-disable',
  reenable: 'admin.manage.done-reenable',
};

/** The management page of one consumer: everything about it, its log, and the stage form. */
export function manageConsumer(view: ManageConsumerView): SafeHtml {
  return html`${view.done ? notice('success', t(DONE_NOTICES[view.done])) : ''}
    ${view.problem ? notice('error', view.problem) : ''} ${consumerFacts(view.consumer)}
    <h2>${t('admin.manage.log')}</h2>
    ${consumerLog(view.log)}
    <h2>${t('admin.manage.form')}</h2>
    ${
      view.consumer.configurationBased
        ? notice('warning', t('admin.consumer.configuration-based'))
        : view.actions.length === 0
          ? html`<p>${t('admin.manage.no-actions')}</p>`
          : manageForm(view)
    }`;
}

function consumerFacts(consumer: ConsumerDto): SafeHtml {
  return facts([
    [
      t('admin.consumer.stage'),
      consumer.suppressed
        ? html`<span class="gh-stage">${t('admin.consumer.suppressed')}</span>`
        : stageLabel(consumer.stage),
    ],
    [t('admin.consumer.key'), html`<code>${consumer.consumerKey}</code>`],
    [t('admin.consumer.name'), consumer.name],
    [t('admin.consumer.version'), consumer.version],
    [t('admin.consumer.oauth-version'), consumer.oauthVersion === 1 ? '1.0a' : '2.0'],
    [t('admin.consumer.publisher'), consumer.owner.name],
    [t('admin.consumer.registered'), timestamp(consumer.registeredAt)],
    [t('admin.consumer.description'), consumer.description],
    [t('admin.consumer.owner-only'), yesNo(consumer.ownerOnly)],
    [t('admin.consumer.callback'), consumer.callbackUrl],
    [t('admin.consumer.callback-prefix'), consumer.oauthVersion === 1 ? yesNo(consumer.callbackIsPrefix) : undefined],
    [t('admin.consumer.post-logout-redirect-uris'), uriList(consumer.postLogoutRedirectUris)],
    [t('admin.consumer.backchannel-logout-uri'), uriList(consumer.backchannelLogoutUri)],
    [t('admin.consumer.token-endpoint-auth-method'), consumer.tokenEndpointAuthMethod],
    [t('admin.consumer.jwks'), jwksView(consumer.jwks)],
    [t('admin.consumer.jwks-uri'), uriList(consumer.jwksUri)],
    [
      t('admin.consumer.require-par'),
      consumer.oauthVersion === 2 ? yesNo(consumer.requirePushedAuthorizationRequests ?? false) : undefined,
    ],
    [t('admin.consumer.grants'), consumer.grants.join(', ')],
    // Reviewed like the grants: every resource server the client could get tokens for.
    [t('admin.consumer.resources'), consumer.resources?.length ? uriList(consumer.resources) : undefined],
    [t('admin.consumer.email'), consumer.email],
    [
      t('admin.consumer.confidential'),
      consumer.oauth2IsConfidential === undefined ? undefined : yesNo(consumer.oauth2IsConfidential),
    ],
    [t('admin.consumer.grant-types'), consumer.oauth2GrantTypes?.join(', ')],
    [
      t('admin.consumer.dpop'),
      consumer.dpopBoundAccessTokens === undefined ? undefined : yesNo(consumer.dpopBoundAccessTokens),
    ],
    [t('admin.consumer.ip-ranges'), consumer.restrictions?.ipAddresses.join(', ')],
    [t('admin.consumer.rsa-key'), consumer.rsaKey ? html`<code class="gh-code">${consumer.rsaKey}</code>` : undefined],
  ]);
}

function manageForm(view: ManageConsumerView): SafeHtml {
  const values = view.values ?? {};
  const actionError = view.errors?.action;
  return html`<form method="post" action="/admin/consumers/${view.consumer.consumerKey}" novalidate>
    ${formErrors(view.errors, { action: t('admin.manage.action'), reason: t('admin.manage.reason') })}
    ${csrfField(view.csrfToken)}
    <input type="hidden" name="changeToken" value="${view.changeToken}" />
    ${choiceGroup(
      { name: 'action', legend: t('admin.manage.action'), error: actionError },
      view.actions.map((action) => radio('action', action, t(ACTION_LABELS[action]), values.action === action)),
    )}
    ${textArea({
      name: 'reason',
      label: t('admin.manage.reason'),
      help: t('admin.manage.reason-help'),
      value: values.reason,
      error: view.errors?.reason,
      required: true,
      rows: 2,
    })}
    ${
      view.maySuppress
        ? html`${checkbox({ name: 'suppress', label: t('admin.manage.suppress'), checked: values.suppress })}
            <div class="cdx-field__help-text">${t('admin.manage.suppress-help')}</div>`
        : ''
    }
    <div class="gh-actions">${button(t('admin.manage.submit'), { kind: 'primary' })}</div>
  </form>`;
}

/** One choice of a radio group, in the same markup as `checkbox`, so it lines up with the form's checkboxes. */
function radio(name: string, value: string, label: string, checked: boolean): SafeHtml {
  const id = `field-${name}-${value}`;
  return html`<div class="cdx-checkbox">
    <input id="${id}" type="radio" name="${name}" value="${value}" ${checked ? html`checked` : ''} />
    <label for="${id}">${label}</label>
  </div>`;
}
