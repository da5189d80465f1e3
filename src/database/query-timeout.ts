import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RUN_MODE, type RunMode } from '../config/run-mode';

/** Longest a query of the running service may take on MariaDB/MySQL before it fails (and its request answers 503). */
export const QUERY_TIMEOUT_MS = 5000;
/** Longest a request waits for a pooled connection: busy connections of a stalled database free none. */
export const ACQUIRE_TIMEOUT_MS = 3000;

type Acquired = (error: Error | null, connection?: { release(): void }) => void;
interface ConnectionPool {
  getConnection(callback: Acquired): void;
}

/**
 * A database that stops answering (a stalled network, a frozen host) must cost a request seconds, not forever:
 * past QUERY_TIMEOUT_MS mysql2 gives up on the query and drops its connection, a request that waited
 * ACQUIRE_TIMEOUT_MS for a connection gives up too (mysql2's pool has no such limit of its own), and the request
 * answers 503 (common/errors/backend-unavailable). Switched on once the service has started, so the start-up
 * migrations, which may rightly take minutes on a large table, and the operator commands are not bounded by it.
 */
@Injectable()
export class QueryTimeout implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUN_MODE) private readonly mode: RunMode,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mode !== 'service' || this.dataSource.options.type !== 'mysql') {
      return;
    }
    // TypeORM's MysqlQueryRunner reads these two options at every query (as mysql2's per-query `timeout`).
    Object.assign(this.dataSource.driver.options, {
      enableQueryTimeout: true,
      maxQueryExecutionTime: QUERY_TIMEOUT_MS,
    });
    const pool = (this.dataSource.driver as unknown as { pool?: ConnectionPool }).pool;
    if (pool) {
      boundAcquisition(pool, ACQUIRE_TIMEOUT_MS);
    }
  }
}

/** `pool.getConnection` fails with ETIMEDOUT after `ms`; a connection that comes later goes back to the pool. */
export function boundAcquisition(pool: ConnectionPool, ms: number): void {
  const acquire = pool.getConnection.bind(pool);
  pool.getConnection = (callback: Acquired) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      callback(Object.assign(new Error(`no database connection within ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
    acquire((error, connection) => {
      clearTimeout(timer);
      if (!gaveUp) {
        callback(error, connection);
      } else if (!error) {
        connection?.release();
      }
    });
  };
}
