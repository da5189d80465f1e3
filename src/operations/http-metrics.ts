import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/**
 * Times every request into the histogram. The route label is the matched pattern (`/api/admin/users/:id/groups`),
 * never the raw path, so ids and tokens in URLs neither leak nor explode the label set.
 */
export function httpMetrics(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      stop({
        method: request.method,
        route: typeof route === 'string' ? route : 'unmatched',
        status: response.statusCode,
      });
    });
    next();
  };
}
