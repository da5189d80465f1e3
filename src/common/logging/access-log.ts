import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppRequest } from '../http/app-request';

/**
 * One log line per answered request. Only the path is logged, never the query string, headers or body:
 * in OAuth those carry tokens, codes and secrets.
 */
export function accessLog(logger: LoggerService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const { id, auth } = request as AppRequest;
      logger.log(
        {
          requestId: id,
          method: request.method,
          path: request.originalUrl.split('?')[0],
          status: response.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          user: auth?.userName,
        },
        'request',
        'Http',
      );
    });
    next();
  };
}
