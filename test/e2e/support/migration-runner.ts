import { DataSource, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import type { TestApp } from './test-app';

/** A connection of its own to a running app's database, to take one migration down and up again under test. */
export interface MigrationRunner {
  runner: QueryRunner;
  /** Runs a migration step as the migration runner does (on SQLite, with foreign keys off while tables are rebuilt). */
  migrate(step: (runner: QueryRunner) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function openMigrationRunner(gatehouse: TestApp): Promise<MigrationRunner> {
  const dataSource = await new DataSource(dataSourceOptions(gatehouse.config)).initialize();
  const runner = dataSource.createQueryRunner();
  return {
    runner,
    migrate: async (step) => {
      await runner.beforeMigration();
      try {
        await step(runner);
      } finally {
        await runner.afterMigration();
      }
    },
    close: async () => {
      await runner.release();
      await dataSource.destroy();
    },
  };
}
