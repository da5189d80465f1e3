import { type SafeHtml, html } from '../../common/html/html';
import { type MessageKey, t } from '../../common/messages/catalogue';
import { EN_CONSUMERS } from '../../common/messages/en-consumers';

/**
 * Labels for names that come from data (grant groups, which a grants file may extend; log actions; grant types):
 * the catalogue's words where it has them, the name itself otherwise.
 */
export function labelOf(prefix: 'consumers.grant-group.' | 'consumers.log.' | 'consumers.grant-type.', name: string) {
  const key = `${prefix}${name}`;
  return key in EN_CONSUMERS ? t(key as MessageKey) : name;
}

export function stageLabel(stage: string): SafeHtml {
  const key = `stage.${stage}` as MessageKey;
  return html`<span class="gh-stage">${t(key)}</span>`;
}
