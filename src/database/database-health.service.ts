import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const PING_TIMEOUT_MS = 2000;

interface PooledConnection {
  query(options: { sql: string; timeout: number }, callback: (error: Error | null) => void): void;
  release(): void;
  destroy(): void;
}
/** What TypeORM's MysqlDriver holds with replicas: a mysql2 PoolCluster, the replicas named `SLAVE0`, `SLAVE1`, … */
interface ReplicatedDriver {
  poolCluster?: {
    getConnection(pattern: string, callback: (error: Error | null, connection?: PooledConnection) => void): void;
  };
}

/**
 * Answers whether the database takes queries, for `/readyz`; never waits longer than two seconds. The replicas
 * (`DATABASE_REPLICA_URLS`) are asked each through the pool that the reads that may lag take their connections from.
 */
@Injectable()
export class DatabaseHealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  ping(): Promise<void> {
    return withinPingTimeout(this.dataSource.query('SELECT 1'));
  }

  /** Whether each replica answers, in the order of `DATABASE_REPLICA_URLS`; empty when there are none. */
  pingReplicas(): Promise<boolean[]> {
    const { database } = this.config;
    const count = database.type === 'mysql' ? (database.replicaUrls?.length ?? 0) : 0;
    return Promise.all(
      Array.from({ length: count }, (_, index) =>
        withinPingTimeout(this.pingReplica(index)).then(
          () => true,
          () => false,
        ),
      ),
    );
  }

  /**
   * A replica that failed is rested for a moment by the cluster (data-source-options) and answers no connection
   * meanwhile: it counts as down then, as it is for the reads. A connection whose ping fails is discarded, and one
   * that comes after the ping gave up is still released, so a stalled replica leaks no connection.
   */
  private pingReplica(index: number): Promise<void> {
    const cluster = (this.dataSource.driver as unknown as ReplicatedDriver).poolCluster;
    return new Promise((resolve, reject) => {
      if (!cluster) {
        reject(new Error('the database has no replica connections'));
        return;
      }
      cluster.getConnection(`SLAVE${index}`, (error, connection) => {
        if (error || !connection) {
          reject(error ?? new Error(`replica ${index} gave no connection`));
          return;
        }
        connection.query({ sql: 'SELECT 1', timeout: PING_TIMEOUT_MS }, (queryError) => {
          if (queryError) {
            connection.destroy();
            reject(queryError);
          } else {
            connection.release();
            resolve();
          }
        });
      });
    });
  }
}

/** `answer`, or a rejection once PING_TIMEOUT_MS have passed without one. */
async function withinPingTimeout<T>(answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
