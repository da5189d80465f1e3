import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import type { Oauth2Error } from '../oauth2-error';

/** MediaWiki's fixed sentences for the errors shown instead of redirected (reference §5.8). */
const EXPLANATIONS: Partial<Record<string, string>> = {
  invalid_client:
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  invalid_request:
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  access_denied: 'The resource owner or authorization server denied the request.',
};

/** "Application connection error": the page shown when the app cannot safely be sent the error. */
export function renderAuthorizationError(error: Oauth2Error, userName?: string): string {
  return layout(
    'Application connection error',
    html`<p class="cdx-message cdx-message--error" role="alert">${EXPLANATIONS[error.error] ?? 'The authorization request cannot be completed.'}</p>
<p>${error.description}</p>
<p>Nothing was sent to the application. Go back to it and try again, or tell its author.</p>`,
    userName === undefined ? undefined : { userName },
  );
}
