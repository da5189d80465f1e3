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
/** What TypeORM's MysqlDriver holds: one pool, or with replicas a mysql2 PoolCluster of one pool per server. */
interface MysqlPools {
  pool?: ConnectionPool;
  poolCluster?: { _nodes: Record<string, { pool: ConnectionPool }> };
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
    for (const pool of serverPools(this.dataSource.driver as unknown as MysqlPools)) {
      boundAcquisition(pool, ACQUIRE_TIMEOUT_MS);
    }
  }
}

/**
 * Each server's own pool: bounded there (not at the cluster), a stalled server counts as a failed one, which the
 * cluster rests for a moment and, for replicas, passes over to the next (data-source-options).
 */
function serverPools(driver: MysqlPools): ConnectionPool[] {
  if (driver.poolCluster) {
    // mysql2 exposes no list of a cluster's pools; `_nodes` is where PoolCluster.add keeps them.
    return Object.values(driver.poolCluster._nodes).map((node) => node.pool);
  }
  return driver.pool ? [driver.pool] : [];
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
