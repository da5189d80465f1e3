import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_URL_QUERY } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '../../config/tracing-config';

export type TracingSdk = Pick<NodeSDK, 'shutdown'>;

/** Probes and scrapes: one span each every few seconds would bury the requests worth following. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The OpenTelemetry Node SDK with the instrumentations of what Gatehouse runs on: node:http (both listeners, the
 * main port's fast lane included), Express (the route templates Nest registers), mysql2 and node-redis
 * (`@redis/client`, under @keyv/redis). better-sqlite3 has no instrumentation. Exporter, sampler, propagators and
 * batching come from the standard `OTEL_*` variables, read by the SDK. Only traces: the metrics stay on `/metrics`.
 *
 * Nothing secret goes into a span: query strings (codes, tokens, `oauth_verifier`) are replaced whole, headers are
 * not recorded (the instrumentation records none unless told to), SQL is recorded without its values, Redis
 * commands without their keys (an authorization code is part of its key) and outgoing requests (webhooks and JWKS
 * fetches, whose URLs can hold a secret) are not traced.
 */
export function startTracingSdk(config: TracingConfig): TracingSdk {
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request)),
        startIncomingSpanHook: (request) => (request.url?.includes('?') ? { [ATTR_URL_QUERY]: '[redacted]' } : {}),
      }),
      // One span per middleware would outnumber the spans of the work itself; the route's own handler stays.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new MySQL2Instrumentation({ maskStatement: true }),
      new RedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  return sdk;
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? url : url.slice(0, queryAt);
}
