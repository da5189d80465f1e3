import { type SafeHtml, html } from '../../common/html/html';
import type { AuthorizationDto } from '../../consumers/dto/my-grants.dto';
import { t } from '../../common/messages/catalogue';
import { button, csrfField, facts, notice } from '../views/components';
import { timestamp } from '../views/timestamp';

/** A grant in words: its catalogue description, or its name when the catalogue no longer knows it. */
export type DescribeGrant = (name: string) => string;

function site(wiki: string): string {
  return wiki === '*' ? t('grants.site.all') : wiki;
}

function application(authorization: AuthorizationDto): SafeHtml {
  const consumer = authorization.consumer;
  return html`<a href="/consumers/${encodeURIComponent(consumer.consumerKey)}">${consumer.name}</a> ${consumer.version}`;
}

function grantList(grants: string[], describe: DescribeGrant): SafeHtml {
  return html`<ul>
    ${grants.map((grant) => html`<li>${describe(grant)}</li>`)}
  </ul>`;
}

/** `/grants`: one row per authorization, newest first, each leading to its manage page. */
export function myGrantsList(
  authorizations: AuthorizationDto[],
  describe: DescribeGrant,
  done: string | undefined,
): SafeHtml {
  return html`${done === 'revoked' ? notice('success', t('grants.done.revoked')) : ''}
    <p>${t('grants.intro')}</p>
    ${
      authorizations.length === 0
        ? html`<p>${t('grants.empty')}</p>`
        : html`<table class="cdx-table">
            <thead>
              <tr>
                <th scope="col">${t('grants.column.application')}</th>
                <th scope="col">${t('grants.column.publisher')}</th>
                <th scope="col">${t('grants.column.grants')}</th>
                <th scope="col">${t('grants.column.site')}</th>
                <th scope="col">${t('grants.column.authorized')}</th>
                <th scope="col">${t('grants.manage')}</th>
              </tr>
            </thead>
            <tbody>
              ${authorizations.map(
                (authorization) => html`<tr>
                  <td>${application(authorization)}</td>
                  <td>${authorization.consumer.owner.name}</td>
                  <td>${grantList(authorization.grants, describe)}</td>
                  <td>${site(authorization.wiki)}</td>
                  <td>${timestamp(authorization.acceptedAt)}</td>
                  <td><a class="cdx-button" href="/grants/${authorization.id}">${t('grants.manage')}</a></td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** `/grants/<id>`: what the app was granted, read-only, and the one thing to do about it: revoke. */
export function manageGrant(authorization: AuthorizationDto, describe: DescribeGrant, csrfToken: string): SafeHtml {
  return html`${facts([
    [t('grants.column.application'), application(authorization)],
    [t('grants.column.publisher'), authorization.consumer.owner.name],
    [t('grants.oauth-version'), authorization.oauthVersion === 1 ? '1.0a' : '2.0'],
    [t('grants.column.site'), site(authorization.wiki)],
    [t('grants.column.authorized'), timestamp(authorization.acceptedAt)],
  ])}
    <h2>${t('grants.manage.granted')}</h2>
    ${grantList(authorization.grants, describe)}
    <form method="post" action="/grants/${authorization.id}/revoke">
      ${csrfField(csrfToken)}
      <p>${t('grants.manage.revoke-intro')}</p>
      <div class="gh-actions">
        ${button(t('grants.manage.revoke'), { kind: 'destructive' })}
        <a class="cdx-button cdx-button--weight-quiet" href="/grants">${t('grants.manage.back')}</a>
      </div>
    </form>`;
}
