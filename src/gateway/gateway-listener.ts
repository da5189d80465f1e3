import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import proxyAddr from 'proxy-addr';
import { InputRefusedException } from '../common/http/input-refused.exception';
import { HTTP_SERVER_LIMITS } from '../common/http/limited-express-adapter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TokenIntrospectionService } from '../oauth2/introspection/token-introspection.service';
import { asOauth2Error } from '../oauth2/protocol/oauth2-exception.filter';
import type { ProtocolRequest } from '../oauth2/protocol/protocol-request';
import { TokenEndpointService } from '../oauth2/token/token-endpoint.service';
import { protocolRequest, readBody, sendJson, tooManyHeaders } from './bare-http';
import { GatewayDecisionService } from './gateway-decision.service';

const VERIFY_PATH = '/gateway/verify';
const TOKEN_PATHS = new Set(['/oauth2/token', '/oauth2/access_token']);

/**
 * The optional dedicated listener (`GATEWAY_PORT`, DESIGN §3): `/gateway/verify`, `/oauth2/introspect` and the token
 * endpoint on a bare `node:http` server, calling the same services as the Nest routes. It skips the framework's
 * per-request work, which is most of the cost of a cached decision and, after the signature, of a
 * `client_credentials` token for the services inside the network that fetch one per job.
 */
@Injectable()
export class GatewayListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayListener.name);
  private server?: Server;
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(
    private readonly decisions: GatewayDecisionService,
    private readonly introspection: TokenIntrospectionService,
    private readonly tokens: TokenEndpointService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.trust = trustFunction(config.http.trustProxy);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.http.gatewayPort;
    if (port === undefined) {
      return;
    }
    const server = createServer(HTTP_SERVER_LIMITS, (request, response) => {
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
    if (tooManyHeaders(request)) {
      const refusal = InputRefusedException.tooManyHeaders();
      return sendJson(response, refusal.getStatus(), { error: 'invalid_request', error_description: refusal.message });
    }
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
    if (request.method === 'POST' && url.pathname === '/oauth2/introspect') {
      return this.answerForm(request, response, url, (form) => this.introspection.introspect(form));
    }
    if (request.method === 'POST' && TOKEN_PATHS.has(url.pathname)) {
      return this.answerForm(request, response, url, (form) => this.tokens.exchange(form));
    }
    sendJson(response, 404, { error: 'not_found' });
  }

  /** An OAuth 2 form endpoint: never cached, refusals as RFC 6749 §5.2 JSON with the same statuses as the main port. */
  private async answerForm(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    endpoint: (form: ProtocolRequest) => Promise<unknown>,
  ): Promise<void> {
    const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    try {
      const body = await readBody(request);
      const form = protocolRequest(request, url, body, proxyAddr(request, this.trust));
      sendJson(response, 200, await endpoint(form), noStore);
    } catch (error) {
      const refusal = asOauth2Error(error);
      if (refusal.error === 'server_error') {
        this.logger.error({ err: error }, 'form endpoint failed');
      }
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
