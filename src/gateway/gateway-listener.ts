import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import proxyAddr from 'proxy-addr';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TokenIntrospectionService } from '../oauth2/introspection/token-introspection.service';
import { Oauth2Error } from '../oauth2/oauth2-error';
import { asOauth2Error } from '../oauth2/protocol/oauth2-exception.filter';
import type { ProtocolRequest } from '../oauth2/protocol/protocol-request';
import { GatewayDecisionService } from './gateway-decision.service';

const VERIFY_PATH = '/gateway/verify';
/** Same limit as the main port: introspection forms are small. */
const MAX_BODY_BYTES = 100 * 1024;

/**
 * The optional dedicated listener (`GATEWAY_PORT`, DESIGN §3): `/gateway/verify` and `/oauth2/introspect` on a
 * bare `node:http` server, calling the same services as the Nest routes. It skips the framework's per-request
 * work, which is most of the cost of a cached decision.
 */
@Injectable()
export class GatewayListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayListener.name);
  private server?: Server;
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(
    private readonly decisions: GatewayDecisionService,
    private readonly introspection: TokenIntrospectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.trust = trustFunction(config.http.trustProxy);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.http.gatewayPort;
    if (port === undefined) {
      return;
    }
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.error({ err: error }, 'gateway listener failed');
        if (!response.headersSent) {
          sendJson(response, 500, { error: 'server_error' });
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    this.logger.log(`gateway listener on port ${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === VERIFY_PATH || url.pathname.startsWith(`${VERIFY_PATH}/`)) {
      const decision = await this.decisions.decide({
        method: request.method ?? 'GET',
        headers: request.headers,
        suffix: (request.url ?? '').slice(VERIFY_PATH.length),
        clientIp: proxyAddr(request, this.trust),
      });
      return sendJson(response, decision.status, decision.body, decision.headers);
    }
    if (url.pathname === '/oauth2/introspect' && request.method === 'POST') {
      return this.introspect(request, response, url);
    }
    sendJson(response, 404, { error: 'not_found' });
  }

  private async introspect(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    try {
      const body = await readBody(request);
      const answer = await this.introspection.introspect(protocolRequest(request, url, body));
      sendJson(response, 200, answer, noStore);
    } catch (error) {
      const refusal = asOauth2Error(error);
      sendJson(
        response,
        refusal.status,
        { error: refusal.error, error_description: refusal.description },
        { ...noStore, ...refusal.headers },
      );
    }
  }
}

/** Express's `trust proxy` semantics, so both front doors see the same client address. */
function trustFunction(setting: AppConfig['http']['trustProxy']): (address: string, hop: number) => boolean {
  if (setting === true) {
    return () => true;
  }
  if (setting === false) {
    return () => false;
  }
  if (typeof setting === 'number') {
    return (_address, hop) => hop < setting;
  }
  return proxyAddr.compile(setting);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Oauth2Error('invalid_request', 'The request body is too large', { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A parsed form as Express's `urlencoded({ extended: false })` makes it: repeated names become arrays. */
function protocolRequest(request: IncomingMessage, url: URL, body: string): ProtocolRequest {
  const contentType = request.headers['content-type'] ?? '';
  const form = contentType.startsWith('application/x-www-form-urlencoded') ? collect(new URLSearchParams(body)) : {};
  return {
    query: collect(url.searchParams),
    body: form,
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    is: (type) => (contentType.split(';')[0].trim() === type ? type : false),
  };
}

function collect(parameters: URLSearchParams): Record<string, string | string[]> {
  const collected: Record<string, string | string[]> = {};
  for (const [name, value] of parameters) {
    const existing = collected[name];
    collected[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return collected;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
