import type { QueryRunner } from 'typeorm';
import { UnusedRefreshTokenIndex1796800000000 } from '../../migrations/1796800000000-UnusedRefreshTokenIndex';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { type TestApp, startTestApp } from './support/test-app';

const INDEX = 'ix_oauth2_refresh_tokens_access_token_jti';

async function hasIndex(runner: QueryRunner): Promise<boolean> {
  const table = await runner.getTable('oauth2_refresh_tokens');
  return table?.indices.some((index) => index.name === INDEX) ?? false;
}

/** The migration that drops the refresh tokens' unused index on `access_token_jti`, on both backends. */
describe('the unused refresh-token index migration', () => {
  let gatehouse: TestApp;
  let migrations: MigrationRunner;
  const migration = new UnusedRefreshTokenIndex1796800000000();

  beforeAll(async () => {
    gatehouse = await startTestApp();
    migrations = await openMigrationRunner(gatehouse);
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('drops the index, and puts it back when reverted', async () => {
    const { runner } = migrations;
    expect(await hasIndex(runner)).toBe(false);
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await hasIndex(runner)).toBe(true);
    await migrations.migrate((queryRunner) => migration.up(queryRunner));
    expect(await hasIndex(runner)).toBe(false);
    // the table's other indexes, which the queries use, stay
    const table = await runner.getTable('oauth2_refresh_tokens');
    expect(table?.indices.map((index) => index.name)).toEqual(
      expect.arrayContaining([
        'uq_oauth2_refresh_tokens_token_hash',
        'ix_oauth2_refresh_tokens_family_id',
        'ix_oauth2_refresh_tokens_acceptance_id',
        'ix_oauth2_refresh_tokens_expires',
      ]),
    );
  });
});
