import { type SafeHtml, html } from '../../common/html/html';
import { secretBox } from '../../common/html/secret-box';
import { t } from '../../common/messages/catalogue';
import { notice } from '../views/components';
import type { Credentials } from './one-time-credentials';

/** The one showing of a consumer's key and secrets, after registering it or resetting its secret. */
export function credentialsBody(credentials: Credentials): SafeHtml {
  const { consumer } = credentials;
  return html`${notice('warning', t('consumers.credentials.warning'))}
    ${
      credentials.purpose === 'registered' && consumer.stage === 'proposed'
        ? notice('notice', t('consumers.credentials.proposed'))
        : ''
    }
    ${
      credentials.warnings.length > 0
        ? notice(
            'warning',
            html`${t('consumers.credentials.warnings')}
              <ul>
                ${credentials.warnings.map((warning) => html`<li>${warning}</li>`)}
              </ul>`,
          )
        : ''
    }
    <p><strong>${consumer.name}</strong> ${consumer.version}</p>
    ${value(t('consumers.credentials.key'), secretBox('key', credentials.key))}
    ${value(
      t('consumers.credentials.secret'),
      credentials.secret
        ? secretBox('secret', credentials.secret)
        : html`<p>${t('consumers.credentials.no-secret')}</p>`,
    )}
    ${
      credentials.accessToken
        ? value(t('consumers.credentials.access-token'), secretBox('access-token', credentials.accessToken))
        : ''
    }
    ${
      credentials.accessSecret
        ? value(t('consumers.credentials.access-secret'), secretBox('access-secret', credentials.accessSecret))
        : ''
    }
    <p><a href="/consumers/${consumer.key}">${t('consumers.credentials.view')}</a></p>`;
}

function value(label: string, box: SafeHtml): SafeHtml {
  return html`<h2>${label}</h2>
    ${box}`;
}
