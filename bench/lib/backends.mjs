// The bench's backends: a fresh MariaDB database and a fresh Redis key prefix (dropped afterwards), and the
// environment the service starts with.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../../package.json', import.meta.url));

export async function mysqlDatabase(baseUrl) {
  const mysql = require('mysql2/promise');
  const name = `gatehouse_bench_${randomBytes(4).toString('hex')}`;
  const server = new URL(baseUrl);
  server.pathname = '/';
  const admin = await mysql.createConnection(server.toString());
  const [[{ version }]] = await admin.query('SELECT VERSION() AS version');
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    version: `MariaDB/MySQL ${version}`,
    drop: async () => {
      const connection = await mysql.createConnection(server.toString());
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export async function redisNamespace(url) {
  const { createClient } = require('@redis/client');
  const prefix = `gatehouse-bench-${randomBytes(4).toString('hex')}:`;
  const client = createClient({ url });
  await client.connect();
  const info = await client.info('server');
  await client.quit();
  return {
    prefix,
    version: `Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'}`,
    drop: async () => {
      const cleaner = createClient({ url });
      await cleaner.connect();
      let cursor = '0';
      do {
        const reply = await cleaner.scan(cursor, { MATCH: `${prefix}*`, COUNT: 1000 });
        cursor = String(reply.cursor);
        if (reply.keys.length > 0) {
          await cleaner.unlink(reply.keys);
        }
      } while (cursor !== '0');
      await cleaner.quit();
    },
  };
}

/** A fresh RS256 (RSA 2048) signing key in `dir`; answers its path. */
export function writeSigningKey(dir) {
  const path = join(dir, 'oauth2-rs256.pem');
  writeFileSync(
    path,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );
  return path;
}

/** The service's environment for one bench instance (production mode, access logs off, a bootstrap admin). */
export function serviceEnv({ mainPort, gatewayPort, work, keyPath, backend, admin }) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    PORT: String(mainPort),
    PUBLIC_URL: `http://127.0.0.1:${mainPort}`,
    ...(gatewayPort ? { GATEWAY_PORT: String(gatewayPort) } : {}),
    DATA_DIR: work,
    DATABASE_URL: backend.databaseUrl,
    CACHE_URL: backend.cacheUrl,
    CACHE_PREFIX: backend.cachePrefix,
    OAUTH_SECRET_KEY: randomBytes(32).toString('hex'),
    OAUTH2_PRIVATE_KEY: keyPath,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    // the access log stays on, as in production (issue 12: "with logging ... still on"); it goes to the log file
    LOG_LEVEL: 'info',
    // A warm-up runs its pool of codes dry on purpose (it sizes the next pool), all from one address: the replays
    // are refusals, which the token endpoint's per-address limit counts, and its 429s would leak into the measured
    // rounds. The limit counts refusals only, so raising it leaves an answered request's path as it is.
    RATE_LIMIT_TOKEN: '1000000/PT1M',
  };
}

/** The backend of `kind` (sqlite: SQLite + memory; mysql: MariaDB + Redis); `cleanups` gets what undoes it. */
export async function prepareBackend(kind, work, { mysqlUrl, redisUrl }, cleanups) {
  const backend = { kind, versions: [] };
  if (kind === 'sqlite') {
    backend.title = 'SQLite + memory';
    backend.databaseUrl = `sqlite:${join(work, 'gatehouse.sqlite')}`;
    backend.cacheUrl = 'memory:';
    backend.cachePrefix = 'gatehouse-bench:';
    backend.versions.push(`better-sqlite3 ${require('better-sqlite3/package.json').version}`);
  } else if (kind === 'mysql') {
    backend.title = 'MariaDB + Redis';
    const database = await mysqlDatabase(mysqlUrl);
    cleanups.push(database.drop);
    const redis = await redisNamespace(redisUrl);
    cleanups.push(redis.drop);
    backend.databaseUrl = database.url;
    backend.cacheUrl = redisUrl;
    backend.cachePrefix = redis.prefix;
    backend.versions.push(database.version, redis.version);
  } else {
    throw new Error(`unknown backend ${kind} (sqlite, mysql)`);
  }
  return backend;
}

/**
 * A fresh work directory (named after `prefix`) and a fresh backend of `kind` in it; `cleanups` gets what undoes
 * both. Answers { work, backend }.
 */
export async function freshBackend(kind, prefix, urls, cleanups) {
  const work = mkdtempSync(join(tmpdir(), `${prefix}-${kind}-`));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  return { work, backend: await prepareBackend(kind, work, urls, cleanups) };
}

/** A fresh ES256 (P-256) signing key in `dir`, for the service's second instance; answers its path. */
export function writeEs256Key(dir) {
  const path = join(dir, 'oauth2-es256.pem');
  writeFileSync(
    path,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );
  return path;
}
