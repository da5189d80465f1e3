import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { type IncomingMessage, type RequestListener, type ServerResponse, createServer } from 'node:http';
import { expressMessageClasses } from './express-message-classes';
import { INPUT_LIMITS } from './input-limits';

/** Node's HTTP server options for the header limits of INPUT_LIMITS; the gateway listener uses the same. */
export const HTTP_SERVER_LIMITS = {
  maxHeaderSize: INPUT_LIMITS.headerBytes,
} as const;

/** A front door before Express: answers `true` when it took the request, which then never reaches Express. */
export type FrontLane = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Nest's Express adapter, creating its server with `maxHeaderSize` set (a `createServer` option only), so the limit
 * is Gatehouse's and not whatever Node or its command line defaults to. The header line count is left to
 * `tooManyHeaderLines`: Node's own `maxHeadersCount` answers a bare 400 instead of the route's 431. Its requests and
 * responses are born with Express's prototypes (`expressMessageClasses`: far less garbage promoted). The server's
 * requests go to a front lane first when one is set (`answerFirst`). Gatehouse serves plain HTTP behind its proxy;
 * the base adapter's HTTPS and shutdown options are not used.
 */
export class LimitedExpressAdapter extends ExpressAdapter {
  private lane?: FrontLane;

  answerFirst(lane: FrontLane): void {
    this.lane = lane;
  }

  override initHttpServer(_options: NestApplicationOptions): void {
    const express = this.getInstance<RequestListener & Express>();
    const options = { ...HTTP_SERVER_LIMITS, ...expressMessageClasses(express) };
    this.httpServer = createServer(options, (request, response) => {
      if (this.lane?.(request, response) !== true) {
        void express(request, response);
      }
    });
  }
}
