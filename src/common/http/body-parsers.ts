import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { InputRefusedException } from './input-refused.exception';
import { INPUT_LIMITS, isProtocolPath } from './input-limits';
import { checkJsonShape } from './json-shape';
import { jsonBodiesOnly } from './json-bodies-only';

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
 * The body parsers with the limits of INPUT_LIMITS per kind of route, as one step that a request without a body
 * (most gateway and API reads) passes at once: three parser middlewares each checking for a body cost a bare route
 * more than that check. A body they refuse is not answered here: it is recorded on the request (with an empty body)
 * and the global guard raises it once the route is known, so that each route answers in its own protocol's format
 * (RFC 6749 JSON, MediaWiki's OAuth 1 errors, the API's `{ code }`, a page). Under `/api` only JSON bodies are read
 * (`jsonBodiesOnly`).
 */
export function limitedBodyParsers(): RequestHandler {
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
  const [readJson, readProtocolForm, readPageForm] = [json, protocolForm, pageForm].map(deferringErrors);
  const parse = (request: ParsedRequest, response: Response, next: NextFunction) =>
    readJson(request, response, () => readProtocolForm(request, response, () => readPageForm(request, response, next)));
  return (request: ParsedRequest, response: Response, next: NextFunction) => {
    if (!hasBody(request)) {
      next();
    } else if (API_PATH.test(request.path)) {
      jsonBodiesOnly(request, response, (error?: unknown) => (error ? next(error) : parse(request, response, next)));
    } else {
      parse(request, response, next);
    }
  };
}

/** Where `app.use('/api', …)` would match: `/api` and below, as Express compares paths (any case). */
const API_PATH = /^\/api(\/|$)/i;

/** type-is's `hasBody`, which each parser asks first: a body is announced by its length or by chunked framing. */
function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(request.headers['content-length']));
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
