import type { DataSource, EntityManager } from 'typeorm';
import { readsThatMayLag } from './reads-that-may-lag';

function dataSource(isReplicated: boolean, connect: () => Promise<unknown>) {
  const primary = { name: 'primary' } as unknown as EntityManager;
  const replica = { name: 'replica' } as unknown as EntityManager;
  const runner = { manager: replica, connect: vi.fn(connect), release: vi.fn(() => Promise.resolve()) };
  const createQueryRunner = vi.fn(() => runner);
  const source = { driver: { isReplicated }, manager: primary, createQueryRunner } as unknown as DataSource;
  return { source, createQueryRunner, primary, replica, runner };
}

const whichManager = (manager: EntityManager): Promise<EntityManager> => Promise.resolve(manager);

describe('readsThatMayLag', () => {
  it('reads on the primary when there is no replica', async () => {
    const { source, createQueryRunner, primary } = dataSource(false, () => Promise.resolve());
    await expect(readsThatMayLag(source, whichManager)).resolves.toBe(primary);
    expect(createQueryRunner).not.toHaveBeenCalled();
  });

  it('reads on a replica, and hands its connection back', async () => {
    const { source, createQueryRunner, replica, runner } = dataSource(true, () => Promise.resolve());
    await expect(readsThatMayLag(source, whichManager)).resolves.toBe(replica);
    expect(createQueryRunner).toHaveBeenCalledWith('slave');
    expect(runner.release).toHaveBeenCalledOnce();
  });

  it('reads on the primary when no replica can be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { source, primary, runner } = dataSource(true, () => Promise.reject(refused));
    await expect(readsThatMayLag(source, whichManager)).resolves.toBe(primary);
    expect(runner.release).toHaveBeenCalledOnce();
  });

  it('passes on any other failure of the replica', async () => {
    const denied = Object.assign(new Error('Access denied'), { code: 'ER_ACCESS_DENIED_ERROR' });
    const { source } = dataSource(true, () => Promise.reject(denied));
    await expect(readsThatMayLag(source, whichManager)).rejects.toBe(denied);
  });
});
