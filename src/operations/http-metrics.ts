import type { AnswerObserver } from '../common/http/request-edge';
import type { MetricsService } from './metrics.service';

type Child = ReturnType<MetricsService['httpDuration']['labels']>;

/**
 * Times every request into the histogram. The route label is the matched pattern (`/api/admin/users/:id/groups`),
 * never the raw path, so ids and tokens in URLs neither leak nor explode the label set. Each label set's child is
 * bound once and kept (there are as many as series in the histogram): prom-client's timer and label objects per
 * request were most of this observer's cost.
 */
export function httpMetrics(metrics: MetricsService): AnswerObserver {
  const children = new Map<string, Child>();
  return ({ method, route, status, durationMs }) => {
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (child === undefined) {
      child = metrics.httpDuration.labels(method, route, String(status));
      children.set(key, child);
    }
    child.observe(durationMs / 1000);
  };
}
