import type { NextFunction, Request, Response } from 'express';
import { isBodyParserError } from '../../common/errors/body-parser-error';
import { OAUTH2_PREFIXES } from '../oauth2-paths';

/** The OAuth 2 endpoints that read a form and answer refusals as RFC 6749 §5.2 JSON. */
export const OAUTH2_FORM_PATHS = OAUTH2_PREFIXES.flatMap((prefix) =>
  ['access_token', 'token', 'introspect', 'revoke'].map((endpoint) => `/${prefix}/${endpoint}`),
);

/**
 * Mounted on `OAUTH2_FORM_PATHS` after the body parsers: a body they refuse (too large, unreadable) is answered as
 * every other refusal of those endpoints is, RFC 6749 §5.2 `invalid_request` never cached, since the parsers run
 * before routing and the endpoints' own filter never sees their errors. Too large is 413 (RFC 9110 §15.5.14) with
 * `Connection: close`, as on the gateway listener.
 */
export function oauth2BodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (!isBodyParserError(error)) {
    next(error);
    return;
  }
  const tooLarge = error.type === 'entity.too.large';
  response
    .status(tooLarge ? 413 : 400)
    .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...(tooLarge ? { Connection: 'close' } : {}) })
    .json({
      error: 'invalid_request',
      error_description: tooLarge ? 'The request body is too large' : 'The request body could not be read',
    });
}
