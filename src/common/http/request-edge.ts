import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFor } from './request-id';

/** An answered request, as the access log and the metrics see it. */
export interface AnsweredRequest {
  requestId: string;
  method: string;
  /** The path without the query string: in OAuth the query carries tokens and codes. */
  path: string;
  /** The matched route pattern (`/api/admin/users/:id/groups`), or `unmatched`: never a raw path. */
  route: string;
  status: number;
  durationMs: number;
  user: string | undefined;
}

/** What only the front door knows once the request is answered: the route it matched and the caller. */
export interface AnswerContext<R extends IncomingMessage> {
  route(request: R): string;
  user(request: R): string | undefined;
}

export type AnswerObserver = (answered: AnsweredRequest) => void;

/**
 * What every request on the main port gets first, whichever front door answers it (Express with Nest, or the fast
 * lane of the gateway's doors): an id (`X-Request-Id`), the headers every answer carries (security headers,
 * `Cache-Control: no-store` unless the route sets its own), and once answered one call of each observer (the access
 * log, the metrics). One step with one `finish` listener instead of one middleware each: on a bare route the
 * separate middlewares cost more than the route (docs/performance.md).
 */
export class RequestEdge {
  constructor(
    private readonly headers: readonly (readonly [string, string])[],
    private readonly observers: readonly AnswerObserver[],
  ) {}

  /** Starts a request; answers its id. */
  begin<R extends IncomingMessage>(request: R, response: ServerResponse, context: AnswerContext<R>): string {
    const started = performance.now();
    const url = request.url ?? '/';
    const id = requestIdFor(request.headers['x-request-id']);
    response.setHeader('X-Request-Id', id);
    for (const [name, value] of this.headers) {
      response.setHeader(name, value);
    }
    response.on('finish', () => {
      const queryAt = url.indexOf('?');
      const answered: AnsweredRequest = {
        requestId: id,
        method: request.method ?? 'GET',
        path: queryAt < 0 ? url : url.slice(0, queryAt),
        route: context.route(request),
        status: response.statusCode,
        durationMs: performance.now() - started,
        user: context.user(request),
      };
      for (const observe of this.observers) {
        observe(answered);
      }
    });
    return id;
  }
}
