import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { type RequestListener, createServer } from 'node:http';
import { INPUT_LIMITS } from './input-limits';

/** Node's HTTP server options for the header limits of INPUT_LIMITS; the gateway listener uses the same. */
export const HTTP_SERVER_LIMITS = {
  maxHeaderSize: INPUT_LIMITS.headerBytes,
} as const;

/**
 * Nest's Express adapter, creating its server with `maxHeaderSize` set (a `createServer` option only), so the limit
 * is Gatehouse's and not whatever Node or its command line defaults to. The header line count is left to
 * `limitHeaderCount`: Node's own `maxHeadersCount` answers a bare 400 instead of the route's 431. Gatehouse serves
 * plain HTTP behind its proxy; the base adapter's HTTPS and shutdown options are not used.
 */
export class LimitedExpressAdapter extends ExpressAdapter {
  override initHttpServer(_options: NestApplicationOptions): void {
    this.httpServer = createServer(HTTP_SERVER_LIMITS, this.getInstance<RequestListener>());
  }
}
