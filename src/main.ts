import 'reflect-metadata';
import { createApp } from './app.factory';
import { PinoLogger } from './common/logging/pino-logger';
import { ConfigError } from './config/config.error';
import { loadConfigFromEnvironment } from './config/load-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new PinoLogger(config.logLevel);
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
  await app.listen(config.http.port);
  console.log(`Gatehouse is listening on ${config.http.publicUrl} (port ${config.http.port})`);
  console.log(`OpenAPI console: ${config.http.publicUrl}/docs`);
}

main().catch((error: unknown) => {
  console.error('Gatehouse failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
