import { html } from '../../common/html/html';
import { layout } from '../../common/html/layout';
import { secretBox } from '../../common/html/secret-box';

export function renderCancelled(app: string, userName: string): string {
  return layout(
    'Authorization cancelled',
    html`<p>You have chosen not to allow "${app}" to access your account. "${app}" will not work unless you allow it.</p>`,
    { userName },
  );
}

export function renderVerified(verifier: string, token: string, userName?: string): string {
  return layout(
    'Authorization complete',
    html`<p>Give this verification code to the application to finish connecting it:</p>
${secretBox('verifier', verifier)}
<p>Request token:</p>
<code class="gh-code">${token}</code>`,
    userName === undefined ? undefined : { userName },
  );
}
