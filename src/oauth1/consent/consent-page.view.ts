import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';

export interface ConsentView {
  consumer: { key: string; name: string; version: string; description: string; owner: string };
  grants: { name: string; description: string }[];
  allWikis: boolean;
  requestToken: string;
  csrfToken: string;
  userName: string;
}

/**
 * The authorization dialog (DESIGN §11 form shape): who asks, what for, in words, and two buttons. It posts
 * back to the page it came from, with the session's CSRF token and the request token in hidden fields.
 */
export function renderConsent(view: ConsentView, action: string): string {
  const grants = view.grants.map((grant) => html`<li><strong>${grant.name}</strong>: ${grant.description}</li>`);
  return layout(
    `Allow ${view.consumer.name} to use your account?`,
    html`<p><strong>${view.consumer.name}</strong> (version ${view.consumer.version}), published by
<strong>${view.consumer.owner}</strong>, asks to act on your behalf ${view.allWikis ? 'on every site' : 'on this site'}.</p>
<p>${view.consumer.description}</p>
<p>It will be able to:</p>
<ul>${grants}</ul>
<form method="post" action="${action}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="requestToken" value="${view.requestToken}">
<input type="hidden" name="consumerKey" value="${view.consumer.key}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>`,
    view.userName,
  );
}

export function renderCancelled(app: string, userName: string): string {
  return layout(
    'Authorization cancelled',
    html`<p>You have chosen not to allow "${app}" to access your account. "${app}" will not work unless you allow it.</p>`,
    userName,
  );
}

export function renderVerified(verifier: string, token: string): string {
  return layout(
    'Authorization complete',
    html`<p>Give this verification code to the application to finish connecting it:</p>
<p><code>${verifier}</code></p>
<p>Request token: <code>${token}</code></p>`,
  );
}
