import type { TemporaryStore } from '../cache/temporary-store';
import type { DatabaseHealthService } from '../database/database-health.service';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

describe('ReadinessService', () => {
  const answering = { ping: () => Promise.resolve() };
  const failing = { ping: () => Promise.reject(new Error('down')) };
  const database = (store: object, replicas: boolean[] = []) => ({
    ...store,
    pingReplicas: () => Promise.resolve(replicas),
  });
  const service = (db: object, cache: object, shutdown = new ShutdownState(), metrics = new MetricsService()) =>
    new ReadinessService(db as DatabaseHealthService, cache as TemporaryStore, shutdown, metrics);

  it('is ready when both stores answer', async () => {
    await expect(service(database(answering), answering).check()).resolves.toEqual({
      status: 'ok',
      database: 'ok',
      cache: 'ok',
    });
  });

  it.each([
    [failing, answering, { status: 'unavailable', database: 'unavailable', cache: 'ok' }],
    [answering, failing, { status: 'unavailable', database: 'ok', cache: 'unavailable' }],
  ])('is not ready when one does not', async (db, cache, report) => {
    await expect(service(database(db), cache).check()).resolves.toEqual(report);
  });

  it('is not ready once shutting down, even with both stores answering', async () => {
    const shutdown = new ShutdownState();
    shutdown.beginDrain();
    await expect(service(database(answering), answering, shutdown).check()).resolves.toEqual({
      status: 'draining',
      database: 'ok',
      cache: 'ok',
    });
  });

  it('reports each replica, in the body and the metrics, and stays ready with one down', async () => {
    const metrics = new MetricsService();
    const report = await service(database(answering, [true, false]), answering, new ShutdownState(), metrics).check();
    expect(report).toEqual({ status: 'ok', database: 'ok', cache: 'ok', replicas: ['ok', 'unavailable'] });
    const text = await metrics.render();
    expect(text).toContain('gatehouse_database_replica_up{replica="0"} 1');
    expect(text).toContain('gatehouse_database_replica_up{replica="1"} 0');
  });
});
