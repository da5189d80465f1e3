import type { TemporaryStore } from '../cache/temporary-store';
import type { DatabaseHealthService } from '../database/database-health.service';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

describe('ReadinessService', () => {
  const answering = { ping: () => Promise.resolve() };
  const failing = { ping: () => Promise.reject(new Error('down')) };
  const service = (database: object, cache: object, shutdown = new ShutdownState()) =>
    new ReadinessService(database as DatabaseHealthService, cache as TemporaryStore, shutdown);

  it('is ready when both stores answer', async () => {
    await expect(service(answering, answering).check()).resolves.toEqual({ status: 'ok', database: 'ok', cache: 'ok' });
  });

  it.each([
    [failing, answering, { status: 'unavailable', database: 'unavailable', cache: 'ok' }],
    [answering, failing, { status: 'unavailable', database: 'ok', cache: 'unavailable' }],
  ])('is not ready when one does not', async (database, cache, report) => {
    await expect(service(database, cache).check()).resolves.toEqual(report);
  });

  it('is not ready once shutting down, even with both stores answering', async () => {
    const shutdown = new ShutdownState();
    shutdown.beginDrain();
    await expect(service(answering, answering, shutdown).check()).resolves.toEqual({
      status: 'draining',
      database: 'ok',
      cache: 'ok',
    });
  });
});
