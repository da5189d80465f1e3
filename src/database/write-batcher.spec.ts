import { WriteBatcher } from './write-batcher';

describe('WriteBatcher', () => {
  it('writes what is added in one turn of the event loop as one batch, and settles each caller after it', async () => {
    const batches: number[][] = [];
    const settledBeforeWrite: number[] = [];
    let settled = 0;
    const batcher = new WriteBatcher<number>((items) => {
      settledBeforeWrite.push(settled);
      batches.push(items);
      return Promise.resolve();
    });
    const writes = [1, 2, 3].map((n) => batcher.add(n).then(() => (settled += 1)));
    expect(batches).toEqual([]);
    await Promise.all(writes);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(settledBeforeWrite).toEqual([0]);
    await batcher.add(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every caller of a batch whose write fails, and goes on with the next batch', async () => {
    let fail = true;
    const batcher = new WriteBatcher<string>(() => {
      return fail ? Promise.reject(new Error('disk full')) : Promise.resolve();
    });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add('c')).resolves.toBeUndefined();
  });

  it('holds what is added while a batch is being written, and writes it as the next batch once that one is done', async () => {
    const batches: number[][] = [];
    let finishFirst: () => void = () => undefined;
    const batcher = new WriteBatcher<number>((items) => {
      batches.push(items);
      return batches.length === 1 ? new Promise<void>((resolve) => (finishFirst = resolve)) : Promise.resolve();
    });
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3].map((n) => batcher.add(n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1]]);

    finishFirst();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('fails the callers of a write that throws instead of rejecting, and goes on with the next batch', async () => {
    let fail = true;
    const batcher = new WriteBatcher<string>(() => {
      if (fail) {
        throw new Error('no connection');
      }
      return Promise.resolve();
    });
    await expect(batcher.add('a')).rejects.toThrow('no connection');
    fail = false;
    await expect(batcher.add('b')).resolves.toBeUndefined();
  });

  it('splits a large batch into statements of at most 200 rows', async () => {
    const sizes: number[] = [];
    const batcher = new WriteBatcher<number>((items) => {
      sizes.push(items.length);
      return Promise.resolve();
    });
    await Promise.all(Array.from({ length: 450 }, (_, n) => batcher.add(n)));
    expect(sizes).toEqual([200, 200, 50]);
  });
});
