import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppRequest } from './app-request';

const ACCEPTABLE_ID = /^[\w.:-]{1,64}$/;

/** Gives each request an id (the caller's `X-Request-Id` when it is sane), echoed in the answer and logs. */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: AppRequest, response: Response, next: NextFunction): void {
    const offered = request.header('x-request-id');
    request.id = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    response.setHeader('X-Request-Id', request.id);
    next();
  }
}
