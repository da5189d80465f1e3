import { type SafeHtml, html } from '../../common/html/html';

/** Registered URIs as code, one per line; nothing when there are none, so a list of facts leaves the row out. */
export function uriList(uris: string[] | string | null | undefined): SafeHtml | undefined {
  const list = uris === null || uris === undefined ? [] : Array.isArray(uris) ? uris : [uris];
  return list.length === 0
    ? undefined
    : html`${list.map((uri, index) => html`${index > 0 ? html`<br />` : ''}<code>${uri}</code>`)}`;
}
