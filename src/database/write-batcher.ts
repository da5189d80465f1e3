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
 * into one per batch.
 */
export class WriteBatcher<T> {
  private queue: Pending<T>[] = [];

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.queue.length === 0) {
        setImmediate(() => this.flush());
      }
      this.queue.push({ item, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    for (let start = 0; start < batch.length; start += MAX_BATCH) {
      const slice = batch.slice(start, start + MAX_BATCH);
      this.write(slice.map((pending) => pending.item)).then(
        () => slice.forEach((pending) => pending.resolve()),
        (error: unknown) => slice.forEach((pending) => pending.reject(error)),
      );
    }
  }
}
