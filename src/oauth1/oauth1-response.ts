import type { Response } from 'express';
import { html } from '../common/html/html';
import { layout } from '../common/html/layout';
import { type MediaWikiOauthError, describeError } from './mediawiki-errors';

export type OutputFormat = 'raw' | 'json' | 'html';

/** `format` as MediaWiki reads it: `json` and `html` by name, anything else is `raw`. */
export function outputFormat(requested: unknown): OutputFormat {
  return requested === 'json' || requested === 'html' ? requested : 'raw';
}

/** Credentials and errors must never be cached by a browser or a proxy (reference §4.9). */
function noCache(response: Response): void {
  response.setHeader('Expires', 'Thu, 01 Jan 1970 00:00:00 GMT');
  response.setHeader('Cache-Control', 'no-cache, no-store, max-age=0, must-revalidate');
  response.setHeader('Pragma', 'no-cache');
}

/**
 * Token answers of /initiate and /token in MediaWiki's three forms: raw form-encoding, JSON with the
 * duplicated `key`/`secret` kept for old clients, or a bullet list.
 */
export function sendCredentials(response: Response, format: OutputFormat, values: Record<string, string>): void {
  noCache(response);
  if (format === 'json') {
    response.json({ ...values, key: values.oauth_token, secret: values.oauth_token_secret });
  } else if (format === 'html') {
    const items = Object.entries(values).map(
      ([name, value]) => html`<li><code>${name}</code>: <code>${value}</code></li>`,
    );
    response.type('html').send(layout('OAuth credentials', html`<ul>${items}</ul>`));
  } else {
    response.type('text/plain').send(new URLSearchParams(values).toString());
  }
}

/** An error as MediaWiki renders it: `Error: …` text, `{ error, message }` JSON, or an error page. */
export function sendError(response: Response, format: OutputFormat, error: MediaWikiOauthError): void {
  noCache(response);
  response.status(error.status);
  if (error.retryAfter !== undefined) {
    response.setHeader('Retry-After', String(error.retryAfter));
  }
  const text = describeError(error);
  if (format === 'json') {
    response.json({ error: error.key, message: text });
  } else if (format === 'html') {
    response
      .type('html')
      .send(
        layout(
          'Application connection error',
          html`<p class="cdx-message cdx-message--error" role="alert">${text}</p>`,
        ),
      );
  } else {
    response.type('text/plain').send(`Error: ${text}`);
  }
}
