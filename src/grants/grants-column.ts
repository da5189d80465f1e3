import type { ValueTransformer } from 'typeorm';

/** A list of grant names kept as JSON text, portable across SQLite and MariaDB (MediaWiki stores it so too). */
export const grantsColumn: ValueTransformer = {
  to: (grants: string[] | undefined) => (grants === undefined ? undefined : JSON.stringify(grants)),
  from: (text: string) => JSON.parse(text) as string[],
};
