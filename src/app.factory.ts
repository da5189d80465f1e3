import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { limitHeaderCount, limitedBodyParsers } from './common/http/body-parsers';
import { LimitedExpressAdapter } from './common/http/limited-express-adapter';
import { jsonBodiesOnly } from './common/http/json-bodies-only';
import { noStoreByDefault } from './common/http/no-store';
import { assignRequestId } from './common/http/request-id';
import { accessLog } from './common/logging/access-log';
import { PinoLogger } from './common/logging/pino-logger';
import type { AppConfig } from './config/app-config';
import { httpMetrics } from './operations/http-metrics';
import { MetricsService } from './operations/metrics.service';
import { setupSwagger } from './swagger';

/**
 * Builds the HTTP application exactly as `main.ts` serves it, so the e2e tests exercise the real thing:
 * security headers, cookie and body parsing with the input limits, the proxy trust setting, and Swagger.
 */
export async function createApp(
  config: AppConfig,
  logger = new PinoLogger(config.logLevel),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new LimitedExpressAdapter(), {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(assignRequestId, accessLog(logger), httpMetrics(app.get(MetricsService)), noStoreByDefault);
  app.use(
    helmet({
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      hsts: config.http.secureCookies,
      contentSecurityPolicy: {
        directives: { 'frame-ancestors': ["'none'"], 'form-action': ["'self'", 'http:', 'https:'] },
      },
    }),
  );
  app.use(cookieParser(), limitHeaderCount);
  app.use('/api', jsonBodiesOnly);
  app.use(...limitedBodyParsers());
  setupSwagger(app, config);
  return app;
}
