/** Rows per statement: far below MariaDB's 65 535 placeholders and SQLite's 32 766 for any table of ours. */
const MAX_BATCH = 200;

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes requested during one turn of the event loop go to the database as one statement, and
 * each caller's promise settles when that statement has committed (or failed), so nobody is told "written" early.
 * On the token endpoint under load this turns one commit per token (a WAL sync on SQLite, a round trip on MariaDB)
 * into one per batch. While a batch is being written the next one waits and grows, so under load the statements
 * per token fall with the database's latency instead of staying one per turn of the event loop (on MariaDB a
 * statement costs the service about 30 µs of CPU whatever its rows).
 */
export class WriteBatcher<T> {
  private queue: Pending<T>[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.scheduled && !this.writing) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.writing = true;
    const slices: Promise<void>[] = [];
    for (let start = 0; start < batch.length; start += MAX_BATCH) {
      const slice = batch.slice(start, start + MAX_BATCH);
      // Called from a promise, so that a write that throws rather than rejects fails its callers, and the next batch
      // is not held forever.
      slices.push(
        Promise.resolve(slice.map((pending) => pending.item))
          .then((items) => this.write(items))
          .then(
            () => slice.forEach((pending) => pending.resolve()),
            (error: unknown) => slice.forEach((pending) => pending.reject(error)),
          ),
      );
    }
    await Promise.all(slices);
    this.writing = false;
    if (this.queue.length > 0) {
      this.schedule();
    }
  }
}
