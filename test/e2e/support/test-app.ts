import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { createApp } from '../../../src/app.factory';
import type { PinoLogger } from '../../../src/common/logging/pino-logger';
import type { AppConfig } from '../../../src/config/app-config';
import { loadConfig } from '../../../src/config/load-config';
import { backend, createMysqlDatabase, freePort, temporaryDirectory, uniqueSuffix } from './test-environment';

export const ADMIN = { username: 'Admin', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  env: Record<string, string>;
  http: () => ReturnType<typeof supertest>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Start on the database and cache of another app (a second instance of the same deployment). */
  shareWith?: TestApp;
  /** Where the service's JSON log lines go (by default nowhere). */
  logger?: PinoLogger;
  /**
   * The host name of PUBLIC_URL and `url` (the service still listens on 127.0.0.1): `localhost` for WebAuthn, whose
   * relying party id must be a domain name, not an IP address, and whose origin must be secure (localhost is).
   */
  publicHost?: 'localhost';
}

/**
 * Starts the real service, as `main.ts` does, on a free port of 127.0.0.1 with a bootstrap admin. Without
 * `shareWith` it gets a fresh database and cache namespace on the suite's backend.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = await freePort();
  const cleanups: (() => Promise<void>)[] = [];
  const env = options.shareWith ? { ...options.shareWith.env } : await freshBackendEnv(cleanups);
  const url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  Object.assign(env, { PORT: String(port), PUBLIC_URL: url }, options.env);
  const config = loadConfig(env);
  const app = await createApp(config, options.logger);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    config,
    url,
    env,
    http: () => supertest(url),
    close: async () => {
      await app.close();
      for (const cleanup of cleanups) {
        await cleanup();
      }
    },
  };
}

async function freshBackendEnv(cleanups: (() => Promise<void>)[]): Promise<Record<string, string>> {
  const dataDir = temporaryDirectory();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OAUTH_SECRET_KEY: `test-secret-key-${uniqueSuffix()}-0123456789abcdef`,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    DATABASE_URL: `sqlite:${dataDir}/gatehouse.sqlite`,
    CACHE_URL: 'memory:',
  };
  if (backend.mysqlUrl) {
    const database = await createMysqlDatabase(backend.mysqlUrl);
    env.DATABASE_URL = database.url;
    cleanups.push(database.drop);
  }
  if (backend.redisUrl) {
    env.CACHE_URL = backend.redisUrl;
    env.CACHE_PREFIX = `${backend.cachePrefix}${uniqueSuffix()}:`;
  }
  return env;
}
