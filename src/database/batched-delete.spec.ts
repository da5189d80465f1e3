import type { Repository } from 'typeorm';
import { LessThan } from 'typeorm';
import { type PurgeBatches, deleteInBatches } from './batched-delete';

interface Row {
  id: number;
}

/** A table whose rows all match the purge's condition, recording each DELETE's condition. */
function deadRows(count: number) {
  const ids = Array.from({ length: count }, (_, index) => index + 1);
  const deletes: string[] = [];
  const repository = {
    metadata: { tableName: 'dead_rows' },
    find: ({ take }: { take: number }) => Promise.resolve(ids.slice(0, take).map((id) => ({ id }))),
    createQueryBuilder: () => ({
      delete: () => ({
        where: (condition: string) => ({
          execute: () => {
            deletes.push(condition);
            const doomed = new Set((/\(([^)]*)\)/.exec(condition)?.[1] ?? '').split(', ').map(Number));
            const before = ids.length;
            ids.splice(0, ids.length, ...ids.filter((id) => !doomed.has(id)));
            return Promise.resolve({ affected: before - ids.length });
          },
        }),
      }),
    }),
  };
  return { rows: repository as unknown as Repository<Row>, ids, deletes };
}

function batches(size: number, overrides: Partial<PurgeBatches> = {}): PurgeBatches {
  return { size, max: 100, next: () => Promise.resolve(true), ...overrides };
}

describe('deleteInBatches', () => {
  const where = { id: LessThan(1000) };

  it('deletes in statements of at most the batch size, pausing between them', async () => {
    const table = deadRows(5);
    const next = vi.fn(() => Promise.resolve(true));
    expect(await deleteInBatches(table.rows, where, batches(2, { next }))).toEqual({ rows: 5, batches: 3 });
    expect(table.deletes).toEqual(['id IN (1, 2)', 'id IN (3, 4)', 'id IN (5)']);
    expect(next).toHaveBeenCalledTimes(2);
    expect(table.ids).toEqual([]);
  });

  it('stops when a select finds nothing more', async () => {
    const table = deadRows(4);
    expect(await deleteInBatches(table.rows, where, batches(2))).toEqual({ rows: 4, batches: 2 });
    expect(await deleteInBatches(deadRows(0).rows, where, batches(2))).toEqual({ rows: 0, batches: 0 });
  });

  it('stops at the per-run cap, leaving the rest for the next run', async () => {
    const table = deadRows(10);
    expect(await deleteInBatches(table.rows, where, batches(2, { max: 3 }))).toEqual({ rows: 6, batches: 3 });
    expect(table.ids).toEqual([7, 8, 9, 10]);
  });

  it('stops when told to between batches (the lease is lost, the service is stopping)', async () => {
    const table = deadRows(10);
    const next = () => Promise.resolve(false);
    expect(await deleteInBatches(table.rows, where, batches(3, { next }))).toEqual({ rows: 3, batches: 1 });
  });
});
