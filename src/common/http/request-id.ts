import { randomUUID } from 'node:crypto';
import { activeTraceId } from '../tracing/active-span';

const ACCEPTABLE_ID = /^[\w.:-]{1,64}$/;

/**
 * A request's id: with tracing on, its trace id (the caller's, from `traceparent`, or a new one), so that a log line
 * leads to the trace; otherwise the caller's `X-Request-Id` when it is sane, else a new one. It is echoed in the
 * answer and the logs; `RequestEdge` gives it before the body parsers run, so that even a request refused for its
 * body has one.
 */
export function requestIdFor(offered: string | string[] | undefined): string {
  return activeTraceId() ?? (typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID());
}
