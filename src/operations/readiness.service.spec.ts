import type { TemporaryStore } from '../cache/temporary-store';
import type { DatabaseHealthService } from '../database/database-health.service';
import { ReadinessService } from './readiness.service';

describe('ReadinessService', () => {
  const answering = { ping: () => Promise.resolve() };
  const failing = { ping: () => Promise.reject(new Error('down')) };
  const service = (database: object, cache: object) =>
    new ReadinessService(database as DatabaseHealthService, cache as TemporaryStore);

  it('is ready when both stores answer', async () => {
    await expect(service(answering, answering).check()).resolves.toEqual({ status: 'ok', database: 'ok', cache: 'ok' });
  });

  it.each([
    [failing, answering, { status: 'unavailable', database: 'unavailable', cache: 'ok' }],
    [answering, failing, { status: 'unavailable', database: 'ok', cache: 'unavailable' }],
  ])('is not ready when one does not', async (database, cache, report) => {
    await expect(service(database, cache).check()).resolves.toEqual(report);
  });
});
