import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { tooManyHeaderLines } from '../common/http/input-limits';
import { InputRefusedException } from '../common/http/input-refused.exception';
import { HTTP_SERVER_LIMITS } from '../common/http/limited-express-adapter';
import { nameServerSpan } from '../common/tracing/active-span';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import { sendJson } from './bare-http';
import { GatewayDoors, doorRoute } from './gateway-doors';

/**
 * The optional dedicated listener (`GATEWAY_PORT`, DESIGN §3): `/gateway/verify`, `/oauth2/introspect` and the token
 * endpoint on a bare `node:http` server (`GatewayDoors`), for the gateways and the services inside the network.
 */
@Injectable()
export class GatewayListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayListener.name);
  private server?: Server;

  constructor(
    private readonly doors: GatewayDoors,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.http.gatewayPort;
    if (port === undefined || this.mode === 'command') {
      return;
    }
    const server = createServer(HTTP_SERVER_LIMITS, (request, response) => this.handle(request, response));
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

  private handle(request: IncomingMessage, response: ServerResponse): void {
    if (tooManyHeaderLines(request)) {
      const refusal = InputRefusedException.tooManyHeaders();
      return sendJson(response, refusal.getStatus(), { error: 'invalid_request', error_description: refusal.message });
    }
    const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
    const door = this.doors.doorFor(request.method, path);
    if (door === undefined) {
      return sendJson(response, 404, { error: 'not_found' });
    }
    nameServerSpan(request.method ?? 'GET', doorRoute(door, path));
    void this.doors.answer(door, request, response);
  }
}
