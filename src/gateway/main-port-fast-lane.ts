import type { IncomingMessage, ServerResponse } from 'node:http';
import { tooManyHeaderLines } from '../common/http/input-limits';
import type { FrontLane } from '../common/http/limited-express-adapter';
import type { AnswerContext, RequestEdge } from '../common/http/request-edge';
import { nameServerSpan } from '../common/tracing/active-span';
import { type DoorCaller, type GatewayDoors, doorRoute } from './gateway-doors';

const FORM = 'application/x-www-form-urlencoded';

/**
 * A form the bare door reads as Express's parser would: `application/x-www-form-urlencoded` (spelt so: the bare door
 * compares the media type exactly) in UTF-8, not compressed. Anything else (another spelling, charset or type, a
 * `Content-Encoding`) goes to Express, whose parsers and the Nest route's filter answer it as they always have.
 */
function plainForm(request: IncomingMessage): boolean {
  const [type, ...parameters] = (request.headers['content-type'] ?? '').split(';');
  const encoding = request.headers['content-encoding'];
  return (
    type.trim() === FORM &&
    parameters.every((parameter) => /^\s*charset\s*=\s*"?utf-8"?\s*$/i.test(parameter)) &&
    (encoding === undefined || encoding.toLowerCase() === 'identity')
  );
}

/**
 * The main port's fast lane (issue 12): the exact requests a gateway or a service sends to `/gateway/verify`,
 * `POST /oauth2/introspect` and `POST /oauth2/token` (`/oauth2/access_token`) are answered before Express and Nest by
 * the same bare doors as the dedicated listener, with what the main port adds to every answer (`RequestEdge`: the
 * request id, security headers, `Cache-Control: no-store`, the access log line and the metrics). The Nest routes stay
 * (OpenAPI, and every request the lane leaves to them): a request over the header line limit, and a form the bare
 * door would not read as Express does, go the long way and are answered there in the route's format.
 */
export function mainPortFastLane(doors: GatewayDoors, edge: RequestEdge): FrontLane {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const door = doors.doorFor(request.method, path);
    if (door === undefined || tooManyHeaderLines(request) || (door !== 'verify' && !plainForm(request))) {
      return false;
    }
    const caller: DoorCaller = {};
    const route = doorRoute(door, path);
    nameServerSpan(request.method ?? 'GET', route);
    const context: AnswerContext<IncomingMessage> = { route: () => route, user: () => caller.user };
    edge.begin(request, response, context);
    void doors.answer(door, request, response, caller);
    return true;
  };
}
