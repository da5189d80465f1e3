// First: the tracing, when on, must be started before the modules it instruments are loaded.
import { assertTracingConfigured, stopTracing } from './common/tracing/start-tracing';
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from './app.factory';
import { PinoLogger, bufferedStdout } from './common/logging/pino-logger';
import { ConfigError } from './config/config.error';
import { loadConfigFromEnvironment } from './config/load-config';
import { ShutdownState } from './operations/shutdown-state';

async function main(): Promise<void> {
  let config;
  try {
    assertTracingConfigured();
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new PinoLogger(config.logLevel, bufferedStdout());
  if (config.oauth.secretKeyGenerated) {
    logger.warn(
      `OAUTH_SECRET_KEY is not set: using a development secret key kept in ${config.dataDir}. Set it in production.`,
      'Startup',
    );
  }
  if (config.oauth2.signingKeyGenerated) {
    logger.warn(
      `OAUTH2_PRIVATE_KEY is not set: using a development signing key kept in ${config.dataDir}. Set it in production.`,
      'Startup',
    );
  }
  const app = await createApp(config, logger);
  stopGracefullyOnSignals(app, logger, config.http.shutdownDrainDelay);
  await app.listen(config.http.port);
  console.log(`Gatehouse is listening on ${config.http.publicUrl} (port ${config.http.port})`);
  console.log(`OpenAPI console: ${config.http.publicUrl}/docs`);
}

/** Milliseconds the end of a shutdown, after the drain, may take before the process gives up on in-flight work. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * On SIGTERM/SIGINT: first drain — /readyz answers 503 at once so load balancers take the instance out, while the
 * listener keeps serving for `drainDelaySeconds` what is already on its way, each answer closing its connection so
 * that clients reconnect elsewhere. Then stop accepting connections, let requests in flight finish, close the
 * database and cache connections, send the last spans when tracing, and exit 0 — or exit 1 if that has not happened
 * within the deadline.
 */
function stopGracefullyOnSignals(app: NestExpressApplication, logger: PinoLogger, drainDelaySeconds: number): void {
  const stop = (signal: NodeJS.Signals): void => {
    logger.log(`${signal} received: stopping, after draining for ${drainDelaySeconds} s`, 'Shutdown');
    app.get(ShutdownState).beginDrain();
    app.getHttpServer().prependListener('request', (_request, response) => {
      response.setHeader('Connection', 'close');
    });
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time', 'Shutdown');
        process.exit(1);
      },
      drainDelaySeconds * 1000 + SHUTDOWN_DEADLINE_MS,
    ).unref();
    sleep(drainDelaySeconds * 1000)
      .then(() => {
        logger.log('drain over: closing the listener', 'Shutdown');
        return app.close();
      })
      .then(stopTracing)
      .then(() => {
        logger.log('stopped', 'Shutdown');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed', 'Shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('Gatehouse failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
