import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ROWS_PURGED_EVENT, type RowsPurgedEvent } from '../common/events/rows-purged.event';

/**
 * The Prometheus registry: process metrics, an HTTP latency histogram by method, route and status, and the dead
 * rows the retention purge deleted, by table.
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
}
