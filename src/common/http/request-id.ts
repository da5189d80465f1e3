import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppRequest } from './app-request';

const ACCEPTABLE_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), echoed in the answer and the logs.
 * Mounted before the body parsers so that even a request refused for its body has one.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header('x-request-id');
  const id = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
  (request as AppRequest).id = id;
  response.setHeader('X-Request-Id', id);
  next();
}
