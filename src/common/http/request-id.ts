import { randomUUID } from 'node:crypto';

const ACCEPTABLE_ID = /^[\w.:-]{1,64}$/;

/**
 * A request's id: the caller's `X-Request-Id` when it is sane, else a new one. It is echoed in the answer and the
 * logs; `RequestEdge` gives it before the body parsers run, so that even a request refused for its body has one.
 */
export function requestIdFor(offered: string | string[] | undefined): string {
  return typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
}
