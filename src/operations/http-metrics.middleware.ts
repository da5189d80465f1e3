import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every request into the histogram. The route label is the matched pattern (`/api/admin/users/:id/groups`),
 * never the raw path, so ids and tokens in URLs neither leak nor explode the label set.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      stop({ method: request.method, route: typeof route === 'string' ? route : 'unmatched', status: response.statusCode });
    });
    next();
  }
}
