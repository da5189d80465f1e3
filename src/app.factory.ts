import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { limitedBodyParsers } from './common/http/body-parsers';
import { cookiesWhenSent } from './common/http/cookies-when-sent';
import { edgeMiddleware } from './common/http/edge-middleware';
import { inOneStep } from './common/http/in-one-step';
import { languageMiddleware, queryWithoutUselang } from './common/http/language-middleware';
import { LimitedExpressAdapter } from './common/http/limited-express-adapter';
import { NO_STORE_BY_DEFAULT } from './common/http/no-store';
import { RequestEdge } from './common/http/request-edge';
import { securityHeaders } from './common/http/security-headers';
import { accessLog } from './common/logging/access-log';
import { PinoLogger } from './common/logging/pino-logger';
import type { AppConfig } from './config/app-config';
import { GatewayDoors } from './gateway/gateway-doors';
import { DpopNonces, sendDpopNonce } from './oauth2/protocol/dpop-nonces';
import { mainPortFastLane } from './gateway/main-port-fast-lane';
import { httpMetrics } from './operations/http-metrics';
import { MetricsService } from './operations/metrics.service';
import { setupSwagger } from './swagger';

/**
 * Builds the HTTP application exactly as `main.ts` serves it, so the e2e tests exercise the real thing: the request
 * edge (id, security headers, no-store, access log, metrics), the gateway's fast lane before Express, cookie and body
 * parsing with the input limits, the proxy trust setting, and Swagger.
 */
export async function createApp(
  config: AppConfig,
  logger = new PinoLogger(config.logLevel),
): Promise<NestExpressApplication> {
  const adapter = new LimitedExpressAdapter();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  app.set('trust proxy', config.http.trustProxy);
  app.set('query parser', queryWithoutUselang);
  app.disable('x-powered-by');
  // Answers are `no-store` unless a route opts into caching (no-store.ts), so Express's weak ETag, a hash of every
  // body, would validate nothing; the routes that are cached set their own validators.
  app.set('etag', false);
  const edge = new RequestEdge(
    [...securityHeaders(config.http.secureCookies), NO_STORE_BY_DEFAULT],
    [accessLog(logger), httpMetrics(app.get(MetricsService))],
  );
  adapter.answerFirst(mainPortFastLane(app.get(GatewayDoors), edge));
  app.use(
    inOneStep(
      edgeMiddleware(edge),
      cookiesWhenSent(),
      limitedBodyParsers(),
      languageMiddleware(config.defaultLanguage),
    ),
  );
  app.use(sendDpopNonce(app.get(DpopNonces)));
  setupSwagger(app, config);
  return app;
}
