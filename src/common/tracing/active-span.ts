import { isSpanContextValid, trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';

/**
 * The trace id of the request being served, when tracing is on; undefined otherwise (with no SDK the API answers no
 * span, at the cost of a few calls).
 */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context !== undefined && isSpanContextValid(context) ? context.traceId : undefined;
}

/**
 * Names the server span after the route, as the Express instrumentation does for the Nest routes, for the requests
 * the bare `node:http` doors answer without Express (the gateway listener and the main port's fast lane).
 */
export function nameServerSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    span.updateName(`${method} ${route}`);
    span.setAttribute(ATTR_HTTP_ROUTE, route);
  }
}
