import { type SafeHtml, html } from '../../common/html/html';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';
import { STAGE_NAMES } from '../../consumers/consumer-stage';
import type { FieldErrors } from '../form-validation';
import { type MessageKey, t } from '../../common/messages/catalogue';
import { button, formErrors, selectField, textField } from '../views/components';
import { stageLabel } from './consumer-labels';
import { timestamp } from '../views/timestamp';

export interface ListFilters {
  name?: string;
  publisher?: string;
  stage?: string;
}

/** The filters of the public list; a GET form, so a filtered list is a link one can share. */
export function filtersForm(filters: ListFilters, errors: FieldErrors): SafeHtml {
  return html`${formErrors(errors)}
    <form method="get" action="/consumers" class="gh-filters">
      ${textField({ name: 'name', label: t('consumers.list.name'), value: filters.name, error: errors.name, type: 'search' })}
      ${textField({
        name: 'publisher',
        label: t('consumers.list.publisher'),
        value: filters.publisher,
        error: errors.publisher,
        type: 'search',
      })}
      ${selectField({
        name: 'stage',
        label: t('consumers.list.stage'),
        value: filters.stage,
        error: errors.stage,
        choices: [
          { value: 'any', label: t('stage.any') },
          ...STAGE_NAMES.map((stage) => ({ value: stage, label: t(`stage.${stage}` as MessageKey) })),
        ],
      })}
      <div class="cdx-field">${button(t('consumers.list.filter'))}</div>
    </form>`;
}

/** Consumers as a table; each row links to its page, and to its update form where `mayUpdate` says so. */
export function consumerTable(
  consumers: ConsumerDto[],
  options: { empty: string; mayUpdate?: (consumer: ConsumerDto) => boolean },
): SafeHtml {
  if (consumers.length === 0) {
    return html`<p>${options.empty}</p>`;
  }
  return html`<table class="cdx-table">
    <thead>
      <tr>
        <th scope="col">${t('consumers.column.name')}</th>
        <th scope="col">${t('consumers.column.version')}</th>
        <th scope="col">${t('consumers.column.protocol')}</th>
        <th scope="col">${t('consumers.column.publisher')}</th>
        <th scope="col">${t('consumers.column.stage')}</th>
        <th scope="col">${t('consumers.column.registered')}</th>
        ${options.mayUpdate ? html`<th scope="col">${t('consumers.column.actions')}</th>` : ''}
      </tr>
    </thead>
    <tbody>
      ${consumers.map(
        (consumer) =>
          html`<tr>
            <td><a href="/consumers/${consumer.consumerKey}">${consumer.name}</a></td>
            <td>${consumer.version}</td>
            <td>${consumer.oauthVersion === 2 ? '2.0' : '1.0a'}</td>
            <td>${consumer.owner.name}</td>
            <td>${stageLabel(consumer.stage)}</td>
            <td>${timestamp(consumer.registeredAt)}</td>
            ${options.mayUpdate ? html`<td>${rowActions(consumer, options.mayUpdate(consumer))}</td>` : ''}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function rowActions(consumer: ConsumerDto, mayUpdate: boolean): SafeHtml {
  return html`<a href="/consumers/${consumer.consumerKey}">${t('consumers.link.view')}</a>
    ${mayUpdate ? html` · <a href="/consumers/${consumer.consumerKey}/update">${t('consumers.link.update')}</a>` : ''}
    · <a href="${copyLink(consumer)}">${t('consumers.link.copy')}</a>`;
}

/** The registration form of the consumer's protocol, filled in from it (MediaWiki's `/copy/<key>`): a new version. */
export function copyLink(consumer: ConsumerDto): string {
  return `/consumers/register/oauth${consumer.oauthVersion}?copy=${consumer.consumerKey}`;
}
