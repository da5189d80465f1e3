import type { FindOptionsSelect, FindOptionsWhere, Repository } from 'typeorm';

/** How far one purge of a table may go. */
export interface PurgeBatches {
  /** Rows per DELETE. */
  size: number;
  /** Batches per run: a purge that is behind catches up over several runs rather than holding the database. */
  max: number;
  /** Called between batches (it pauses, so requests get the database); false stops the purge. */
  next: () => Promise<boolean>;
}

/** What a purge of one table did. */
export interface TablePurge {
  rows: number;
  batches: number;
}

/**
 * Deletes the rows matching `where` in batches of at most `batches.size`: the ids first (MariaDB refuses LIMIT in an
 * IN subquery), then a DELETE by primary key, so each statement locks a bounded set of rows on both databases.
 */
export async function deleteInBatches<T extends { id: number }>(
  rows: Repository<T>,
  where: FindOptionsWhere<T>,
  batches: PurgeBatches,
): Promise<TablePurge> {
  const done: TablePurge = { rows: 0, batches: 0 };
  while (done.batches < batches.max) {
    const select = { id: true } as FindOptionsSelect<T>;
    const ids = (await rows.find({ select, where, take: batches.size })).map((row) => row.id);
    if (ids.length === 0) {
      break;
    }
    done.rows += await deleteIds(rows, ids);
    done.batches += 1;
    if (ids.length < batches.size || done.batches === batches.max || !(await batches.next())) {
      break;
    }
  }
  return done;
}

/**
 * The ids are written into the statement rather than bound: a batch may hold up to 100 000 of them, more than
 * SQLite (32 766) or MariaDB (65 535) accept as parameters. They are integers the database just returned.
 */
async function deleteIds<T extends { id: number }>(rows: Repository<T>, ids: number[]): Promise<number> {
  if (!ids.every((id) => Number.isSafeInteger(id))) {
    throw new Error(`${rows.metadata.tableName}: a purge selected a non-integer id`);
  }
  const result = await rows
    .createQueryBuilder()
    .delete()
    .where(`id IN (${ids.join(', ')})`)
    .execute();
  return result.affected ?? 0;
}
