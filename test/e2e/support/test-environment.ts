import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * The backend the suite runs on: SQLite + memory by default, MariaDB + Redis when CI sets DATABASE_URL and
 * CACHE_URL. Each test app gets its own database and cache prefix so test files can run in parallel.
 */
export const backend = {
  mysqlUrl: process.env.DATABASE_URL?.startsWith('mysql') ? process.env.DATABASE_URL : undefined,
  redisUrl: process.env.CACHE_URL?.startsWith('redis') ? process.env.CACHE_URL : undefined,
  cachePrefix: process.env.CACHE_PREFIX ?? 'gatehouse-test:',
};

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
}

/** A fresh database on the CI MariaDB server, named after the base URL's database, and a way to drop it. */
export async function createMysqlDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.slice(1) || 'gatehouse_test'}_${uniqueSuffix()}`.slice(0, 64);
  const server = `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}/`;
  const admin = await createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await createConnection(server);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
