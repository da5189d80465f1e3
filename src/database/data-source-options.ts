import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { AppConfig } from '../config/app-config';

/**
 * TypeORM options shared by the service and the CLI. `synchronize` is always off: the schema only changes
 * through the migrations in `migrations/`.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = { synchronize: false, migrations: MIGRATIONS, migrationsTableName: 'migrations' } as const;
  if (config.database.type === 'sqlite') {
    if (config.database.path !== ':memory:') {
      mkdirSync(dirname(config.database.path), { recursive: true });
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.database.path,
      // WAL lets readers proceed while a write commits; the busy timeout rides out short write locks.
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    };
  }
  const mysql = {
    ...common,
    type: 'mysql',
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: 5000,
    // mysql2 captures a stack trace for every query by default: a few per cent of the hot paths' CPU.
    extra: { trace: false },
    // AtomicWrite sends a transaction as one query of several statements, one round trip instead of four (issue 12).
    // What this widens is what an injected string could do, and no SQL of the service is built from input: every value
    // goes as a parameter, escaped by the driver (TypeORM's builders, PlainInsert, PlainUpdate, PlainFind).
    multipleStatements: true,
  } as const;
  const { url, replicaUrls } = config.database;
  if (!replicaUrls) {
    return { ...mysql, url };
  }
  return {
    ...mysql,
    replication: {
      master: { url },
      slaves: replicaUrls.map((replica) => ({ url: replica })),
      // Nothing reads from a replica unless it asks to (reads-that-may-lag): an access decision must see the primary.
      defaultMode: 'master',
      // A server that fails a connection is rested for a second (its requests fail fast with 503, or try the next
      // replica) and then tried again: mysql2's default would drop it from the cluster for good after five failures,
      // so the service could never reconnect to a primary that came back or was switched to.
      removeNodeErrorCount: 1,
      restoreNodeTimeout: 1000,
    },
  };
}
