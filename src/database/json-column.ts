import type { ValueTransformer } from 'typeorm';

/** JSON kept in a text column, portable across SQLite and MariaDB. */
export const jsonColumn: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};
