import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBackendUnavailable } from '../common/errors/backend-unavailable';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TokenIntrospectionService } from '../oauth2/introspection/token-introspection.service';
import { DpopNonces, sendDpopNonce } from '../oauth2/protocol/dpop-nonces';
import { asOauth2Error } from '../oauth2/protocol/oauth2-exception.filter';
import type { ProtocolRequest } from '../oauth2/protocol/protocol-request';
import { TokenEndpointService } from '../oauth2/token/token-endpoint.service';
import { protocolRequest, readBody, sendJson } from './bare-http';
import { clientAddress } from './client-address';
import { GatewayDecisionService } from './gateway-decision.service';

export const VERIFY_PATH = '/gateway/verify';
const TOKEN_PATHS = new Set(['/oauth2/token', '/oauth2/access_token']);

/** The doors served on bare `node:http`: the decision, introspection (RFC 7662) and the token endpoint (RFC 6749). */
export type GatewayDoor = 'verify' | 'introspect' | 'token';

/** The route pattern of the Nest route a request at this door would have matched: for the metrics and the traces. */
export function doorRoute(door: GatewayDoor, path: string): string {
  return door === 'verify' && path !== VERIFY_PATH ? `${VERIFY_PATH}/*path` : path;
}

/** Who a door let through, noted before it answers (for the access log, which writes when the answer is sent). */
export interface DoorCaller {
  user?: string;
}

/**
 * The gateway's doors on bare `node:http`, shared by the dedicated listener (`GATEWAY_PORT`) and the main port's
 * fast lane: they call the same services as the Nest routes, without the framework's per-request work, which is
 * most of the cost of a cached decision and, after the signature, of a `client_credentials` token.
 */
@Injectable()
export class GatewayDoors {
  private readonly logger = new Logger(GatewayDoors.name);
  private readonly clientIp: (request: IncomingMessage) => string;
  private readonly nonce: (request: IncomingMessage, response: ServerResponse) => void;

  constructor(
    private readonly decisions: GatewayDecisionService,
    private readonly introspection: TokenIntrospectionService,
    private readonly tokens: TokenEndpointService,
    nonces: DpopNonces,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.clientIp = clientAddress(config.http.trustProxy);
    this.nonce = sendDpopNonce(nonces);
  }

  /** The door at this method and path: the decision takes any method and the original path appended (Envoy). */
  doorFor(method: string | undefined, path: string): GatewayDoor | undefined {
    if (path === VERIFY_PATH || path.startsWith(`${VERIFY_PATH}/`)) {
      return 'verify';
    }
    if (method !== 'POST') {
      return undefined;
    }
    if (path === '/oauth2/introspect') {
      return 'introspect';
    }
    return TOKEN_PATHS.has(path) ? 'token' : undefined;
  }

  /** Answers the request at its door; never rejects (an unexpected failure is a logged 500 `server_error`). */
  async answer(
    door: GatewayDoor,
    request: IncomingMessage,
    response: ServerResponse,
    caller: DoorCaller = {},
  ): Promise<void> {
    this.nonce(request, response);
    try {
      switch (door) {
        case 'verify':
          return await this.verify(request, response, caller);
        case 'introspect':
          return await this.answerForm(request, response, (form) => this.introspection.introspect(form));
        case 'token':
          return await this.answerForm(request, response, (form) => this.tokens.exchange(form));
      }
    } catch (error) {
      if (isBackendUnavailable(error)) {
        // A gateway may retry or fail open/closed by its own policy; it must see "not now", not a crash.
        if (!response.headersSent) {
          const { status, error: code, description, headers } = asOauth2Error(error);
          sendJson(response, status, { error: code, error_description: description }, headers);
        }
        return;
      }
      this.logger.error({ err: error }, 'gateway door failed');
      if (!response.headersSent) {
        sendJson(response, 500, { error: 'server_error' });
      }
    }
  }

  private async verify(request: IncomingMessage, response: ServerResponse, caller: DoorCaller): Promise<void> {
    const url = request.url ?? '';
    const decision = await this.decisions.decide({
      method: request.method ?? 'GET',
      headers: request.headers,
      suffix: url.slice(url.indexOf(VERIFY_PATH) + VERIFY_PATH.length),
      clientIp: this.clientIp(request),
    });
    if (decision.status === 200) {
      caller.user = decision.headers['X-Auth-User'] || undefined;
    }
    sendJson(response, decision.status, decision.body, decision.headers);
  }

  /** An OAuth 2 form endpoint: never cached, refusals as RFC 6749 §5.2 JSON with the same statuses as the Nest route. */
  private async answerForm(
    request: IncomingMessage,
    response: ServerResponse,
    endpoint: (form: ProtocolRequest) => Promise<unknown>,
  ): Promise<void> {
    const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://gateway.invalid');
      const form = protocolRequest(request, url, body, this.clientIp(request));
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
