import { type SafeHtml, html } from '../../common/html/html';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';
import type { LogEntryDto } from '../../consumers/dto/log.dto';
import type { GrantDefinition } from '../../grants/grant-definition';
import { t } from '../../common/messages/catalogue';
import { grantDescription } from '../../common/messages/grant-text';
import { facts, notice } from '../views/components';
import { labelOf, stageLabel } from './consumer-labels';
import { consumerLog } from './consumer-log.view';
import { copyLink } from './consumer-list.view';
import { jwksView } from '../views/jwks-view';
import { uriList } from '../views/uri-list';
import { yesNo } from '../views/yes-no';
import { timestamp } from '../views/timestamp';

export interface DetailState {
  consumer: ConsumerDto;
  log: LogEntryDto[];
  grant: (name: string) => GrantDefinition | undefined;
  mayUpdate: boolean;
  mayManage: boolean;
  /** The owner may start a new registration from this one. */
  mayCopy: boolean;
  /** The viewer's own authorization of this consumer, if they gave one. */
  myGrantId?: number;
  done?: string;
}

/** One consumer as the viewer may see it (the query service decides what that is), and its log. */
export function detailBody(state: DetailState): SafeHtml {
  const { consumer } = state;
  const oauth2 = consumer.oauthVersion === 2;
  return html`${state.done === 'updated' ? notice('success', t('consumers.detail.updated')) : ''}
    ${facts([
      [t('consumers.detail.name'), consumer.name],
      [t('consumers.detail.version'), consumer.version],
      [t('consumers.detail.key'), html`<code>${consumer.consumerKey}</code>`],
      [t('consumers.detail.protocol'), oauth2 ? '2.0' : '1.0a'],
      [t('consumers.detail.publisher'), consumer.owner.name],
      [t('consumers.detail.stage'), stageLabel(consumer.stage)],
      [t('consumers.detail.description'), consumer.description],
      [t('consumers.detail.owner-only'), yesNo(consumer.ownerOnly)],
      [
        t('consumers.detail.callback'),
        html`<code>${consumer.callbackUrl}</code>${
          consumer.callbackIsPrefix ? html` ${t('consumers.detail.callback-prefix')}` : ''
        }`,
      ],
      [t('consumers.detail.post-logout-redirect-uris'), uriList(consumer.postLogoutRedirectUris)],
      [t('consumers.detail.backchannel-logout-uri'), uriList(consumer.backchannelLogoutUri)],
      [t('consumers.detail.token-endpoint-auth-method'), consumer.tokenEndpointAuthMethod],
      [t('consumers.detail.jwks'), jwksView(consumer.jwks)],
      [t('consumers.detail.jwks-uri'), uriList(consumer.jwksUri)],
      [
        t('consumers.detail.require-par'),
        oauth2 ? yesNo(consumer.requirePushedAuthorizationRequests ?? false) : undefined,
      ],
      [t('consumers.detail.grants'), grantList(consumer.grants, state.grant)],
      [t('consumers.detail.resources'), consumer.resources?.length ? uriList(consumer.resources) : undefined],
      [t('consumers.detail.confidential'), oauth2 ? yesNo(consumer.oauth2IsConfidential ?? false) : undefined],
      [t('consumers.detail.dpop'), oauth2 ? yesNo(consumer.dpopBoundAccessTokens ?? false) : undefined],
      [
        t('consumers.detail.grant-types'),
        oauth2
          ? (consumer.oauth2GrantTypes ?? []).map((type) => labelOf('consumers.grant-type.', type)).join(', ')
          : undefined,
      ],
      [t('consumers.detail.email'), consumer.email],
      [t('consumers.detail.ip-addresses'), consumer.restrictions?.ipAddresses.join(', ')],
      [t('consumers.detail.registered'), timestamp(consumer.registeredAt)],
    ])}
    ${
      state.mayUpdate || state.mayManage || state.mayCopy || state.myGrantId !== undefined
        ? html`<nav class="gh-actions">
          ${state.myGrantId === undefined ? '' : html`<a class="cdx-button" href="/grants/${state.myGrantId}">${t('consumers.link.my-grant')}</a>`}
          ${
            state.mayUpdate
              ? html`<a class="cdx-button" href="/consumers/${consumer.consumerKey}/update"
                >${t('consumers.link.update')}</a
              >`
              : ''
          }
          ${state.mayCopy ? html`<a class="cdx-button" href="${copyLink(consumer)}">${t('consumers.link.copy')}</a>` : ''}
          ${
            state.mayManage
              ? html`<a class="cdx-button" href="/admin/consumers/${consumer.consumerKey}"
                >${t('consumers.link.manage')}</a
              >`
              : ''
          }
        </nav>`
        : ''
    }
    <h2>${t('consumers.detail.log')}</h2>
    ${consumerLog(state.log)}`;
}

function describe(name: string, grant: GrantDefinition | undefined): string {
  return grant ? grantDescription(name, grant.description) : '';
}

function grantList(grants: string[], grant: DetailState['grant']): SafeHtml {
  return html`<ul>
    ${grants.map((name) => html`<li><code>${name}</code>: ${describe(name, grant(name))}</li>`)}
  </ul>`;
}
