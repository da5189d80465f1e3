import { type SafeHtml, html } from '../../common/html/html';
import type { LogEntryDto } from '../../consumers/dto/log.dto';
import { t } from '../../common/messages/catalogue';
import { timestamp } from '../views/timestamp';
import { labelOf } from './consumer-labels';

/** A consumer's log, newest first: on its public page and on the admins' manage page. */
export function consumerLog(entries: LogEntryDto[]): SafeHtml {
  if (entries.length === 0) {
    return html`<p>${t('consumers.detail.log-empty')}</p>`;
  }
  return html`<table class="cdx-table">
    <thead>
      <tr>
        <th scope="col">${t('consumers.log.when')}</th>
        <th scope="col">${t('consumers.log.who')}</th>
        <th scope="col">${t('consumers.log.action')}</th>
        <th scope="col">${t('consumers.log.comment')}</th>
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (entry) =>
          html`<tr>
            <td>${timestamp(entry.timestamp)}</td>
            <td>${entry.actor.name}</td>
            <td>${labelOf('consumers.log.', entry.action)}</td>
            <td>${entry.comment}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
