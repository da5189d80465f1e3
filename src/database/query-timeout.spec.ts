import { isBackendUnavailable } from '../common/errors/backend-unavailable';
import { boundAcquisition } from './query-timeout';

describe('boundAcquisition', () => {
  it('gives up on a connection the pool does not hand out in time, as a backend that is unavailable', async () => {
    const waiting: ((error: Error | null, connection?: { release(): void }) => void)[] = [];
    const pool = { getConnection: (callback: (typeof waiting)[number]) => void waiting.push(callback) };
    boundAcquisition(pool, 20);
    const error = await new Promise<Error | null>((resolve) => pool.getConnection((failure) => resolve(failure)));
    expect(isBackendUnavailable(error)).toBe(true);
    const release = vi.fn();
    waiting[0](null, { release });
    expect(release).toHaveBeenCalledOnce();
  });

  it('hands on a connection that comes in time', async () => {
    const connection = { release: vi.fn() };
    const pool = {
      getConnection: (callback: (error: Error | null, c?: typeof connection) => void) =>
        setTimeout(() => callback(null, connection), 5),
    };
    boundAcquisition(pool, 1000);
    const got = await new Promise((resolve) => pool.getConnection((_, c) => resolve(c)));
    expect(got).toBe(connection);
    expect(connection.release).not.toHaveBeenCalled();
  });
});
