/** Published after a purge run deleted dead rows, so `operations` can count them without the jobs importing it. */
export const ROWS_PURGED_EVENT = 'retention.purged';

export interface RowsPurgedEvent {
  job: string;
  /** Rows deleted, by table name. */
  rows: Record<string, number>;
}
