import type { Express } from 'express';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Node's `createServer` options that make each request and response with the given constructors. */
export interface MessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/**
 * Request and response constructors whose objects have `app`'s Express prototypes from birth.
 *
 * Express's `app.handle` gives every request and response its prototypes (`Object.setPrototypeOf(req, app.request)`,
 * the same for `res`). Done to objects Node already made, it keeps what a request allocated alive well past the
 * request: what survives one scavenge is still alive at the next and is promoted, and only a full collection frees it
 * (why, inside V8, is not established). Measured 2026-12-07 with `--trace-gc-nvp`, Express 5's `GET /healthz` under wrk
 * `-c32`: 2.1 MB promoted per scavenge and 14 full collections in 5 s, against nothing promoted and no full collection
 * when the objects are born with these prototypes (and 2.1-2.3 × the requests a second). Express's own call is then a
 * no-op, since V8 returns at once when the prototype is already the one asked for.
 *
 * The constructors call Node's as functions, the pattern Node itself uses between its HTTP classes; a
 * `Reflect.construct` with a new target was measured too and was as bad as the change of prototype. Where Node's
 * constructors are classes (not callable), answers undefined and the server keeps Node's own.
 */
export function expressMessageClasses(app: Express): MessageClasses | undefined {
  if (isClass(IncomingMessage) || isClass(ServerResponse)) {
    return undefined;
  }
  const initRequest = IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void;
  const initResponse = ServerResponse as unknown as (
    this: ServerResponse,
    request: IncomingMessage,
    options?: object,
  ) => void;
  function ExpressRequest(this: IncomingMessage, socket: Socket): void {
    initRequest.call(this, socket);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: ServerResponse, request: IncomingMessage, options?: object): void {
    initResponse.call(this, request, options);
  }
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
  };
}

function isClass(constructor: unknown): boolean {
  return /^class\b/.test(Function.prototype.toString.call(constructor));
}
