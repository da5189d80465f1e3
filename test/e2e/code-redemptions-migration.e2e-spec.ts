import { CodeRedemptions1796810000000 } from '../../migrations/1796810000000-CodeRedemptions';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { type TestApp, startTestApp } from './support/test-app';

/** The migration that adds `oauth2_code_redemptions`, on both backends: the unique key is the single-use decision. */
describe('the code redemptions migration', () => {
  let gatehouse: TestApp;
  let migrations: MigrationRunner;
  const migration = new CodeRedemptions1796810000000();

  beforeAll(async () => {
    gatehouse = await startTestApp();
    migrations = await openMigrationRunner(gatehouse);
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('drops the table when reverted, and creates it with a unique code hash and an index for the purge', async () => {
    const { runner } = migrations;
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await runner.hasTable('oauth2_code_redemptions')).toBe(false);
    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const table = await runner.getTable('oauth2_code_redemptions');
    const indices = table?.indices.map((index) => [index.name, index.isUnique, index.columnNames]);
    expect(indices).toEqual(
      expect.arrayContaining([
        ['uq_oauth2_code_redemptions_code_hash', true, ['code_hash']],
        ['ix_oauth2_code_redemptions_expires', false, ['expires']],
      ]),
    );
    const insert = 'INSERT INTO oauth2_code_redemptions (code_hash, expires) VALUES (?, ?)';
    await runner.query(insert, ['a'.repeat(64), '2030-01-01 00:00:00']);
    await expect(runner.query(insert, ['a'.repeat(64), '2030-01-02 00:00:00'])).rejects.toThrow();
    await runner.query('DELETE FROM oauth2_code_redemptions WHERE code_hash = ?', ['a'.repeat(64)]);
  });
});
