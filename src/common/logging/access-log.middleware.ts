import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { AppRequest } from '../http/app-request';

/**
 * One log line per request once it is answered. Only the path is logged, never the query string, headers
 * or body: those carry tokens, codes and secrets in OAuth.
 */
@Injectable()
export class AccessLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(request: AppRequest, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      this.logger.log({
        requestId: request.id,
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        user: request.auth?.userName,
      }, 'request');
    });
    next();
  }
}
