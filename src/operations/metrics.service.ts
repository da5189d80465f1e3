import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DIRECTORY_STATE_EVENT, type DirectoryStateEvent } from '../common/events/directory-state.event';
import { ROWS_PURGED_EVENT, type RowsPurgedEvent } from '../common/events/rows-purged.event';

/**
 * The Prometheus registry: process metrics, an HTTP latency histogram by method, route and status, the dead rows
 * the retention purge deleted, by table, and whether the LDAP directory and the database replicas answer.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly purgedRows = new Counter({
    name: 'gatehouse_purged_rows_total',
    help: 'Dead rows deleted by the scheduled retention purge, by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  /** Absent until a directory (LDAP_URL) has been asked once. */
  private readonly directoryUp = new Gauge({
    name: 'gatehouse_directory_up',
    help: 'Whether the LDAP directory answered the last sign-in or sync that asked it (1) or not (0)',
    registers: [this.registry],
  });

  /** One series per replica of DATABASE_REPLICA_URLS, by its position there; absent until /readyz has asked. */
  private readonly replicaUp = new Gauge({
    name: 'gatehouse_database_replica_up',
    help: 'Whether the database replica answered the last readiness check (1) or not (0), by its position in DATABASE_REPLICA_URLS',
    labelNames: ['replica'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  @OnEvent(ROWS_PURGED_EVENT)
  countPurged(event: RowsPurgedEvent): void {
    for (const [table, rows] of Object.entries(event.rows)) {
      this.purgedRows.inc({ table }, rows);
    }
  }

  replicaState(index: number, up: boolean): void {
    this.replicaUp.set({ replica: String(index) }, up ? 1 : 0);
  }

  @OnEvent(DIRECTORY_STATE_EVENT)
  directoryState(event: DirectoryStateEvent): void {
    this.directoryUp.set(event.up ? 1 : 0);
  }
}
