import { type SafeHtml, html } from '../../common/html/html';

/** A registered key set, pretty-printed so a reviewer can read each key; nothing when there is none. */
export function jwksView(jwks: Record<string, unknown> | null | undefined): SafeHtml | undefined {
  return jwks ? html`<pre class="gh-code">${JSON.stringify(jwks, null, 2)}</pre>` : undefined;
}
