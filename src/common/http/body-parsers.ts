import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { InputRefusedException } from './input-refused.exception';
import { INPUT_LIMITS, isProtocolPath } from './input-limits';
import { checkJsonShape } from './json-shape';

type ParsedRequest = Request & { rawBody?: Buffer; inputRefusal?: InputRefusedException };

/** OAuth 1 signs the form body exactly as sent, so the raw bytes are kept beside the parsed fields. */
function keepRaw(request: ParsedRequest, _response: Response, body: Buffer): void {
  request.rawBody = body;
}

function keepRawCheckingShape(request: ParsedRequest, response: Response, body: Buffer): void {
  keepRaw(request, response, body);
  checkJsonShape(body);
}

/**
 * The body parsers with the limits of INPUT_LIMITS per kind of route. A body they refuse is not answered here: it is
 * recorded on the request (with an empty body) and the global guard raises it once the route is known, so that each
 * route answers in its own protocol's format (RFC 6749 JSON, MediaWiki's OAuth 1 errors, the API's `{ code }`, a page).
 */
export function limitedBodyParsers(): RequestHandler[] {
  const json = express.json({ limit: INPUT_LIMITS.jsonBytes, verify: keepRawCheckingShape });
  const protocolForm = express.urlencoded({
    limit: INPUT_LIMITS.protocolFormBytes,
    parameterLimit: INPUT_LIMITS.formParameters,
    extended: false,
    verify: keepRaw,
    type: (request) => isForm(request as Request) && isProtocolPath((request as Request).path),
  });
  const pageForm = express.urlencoded({
    limit: INPUT_LIMITS.pageFormBytes,
    parameterLimit: INPUT_LIMITS.formParameters,
    extended: false,
    verify: keepRaw,
  });
  return [json, protocolForm, pageForm].map(deferringErrors);
}

function isForm(request: Request): boolean {
  return request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

function deferringErrors(parser: RequestHandler): RequestHandler {
  return (request: ParsedRequest, response: Response, next: NextFunction) => {
    parser(request, response, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        request.inputRefusal = InputRefusedException.fromParserError(error);
        if (request.inputRefusal.getStatus() === 413) {
          // The rest of the body was never read: the connection cannot carry another request (RFC 9112 §9.6).
          response.setHeader('Connection', 'close');
        }
        // Nothing reads a half-parsed body: the request is refused before any handler runs.
        request.body = {};
        request.rawBody = undefined;
      }
      next();
    });
  };
}

/**
 * Over INPUT_LIMITS.headers header lines the request is refused with 431 (RFC 6585 §5), in the route's format like
 * a refused body; Node itself answers 431 past `maxHeaderSize`.
 */
export function limitHeaderCount(request: ParsedRequest, _response: Response, next: NextFunction): void {
  if (request.rawHeaders.length / 2 > INPUT_LIMITS.headers) {
    request.inputRefusal = InputRefusedException.tooManyHeaders();
  }
  next();
}
