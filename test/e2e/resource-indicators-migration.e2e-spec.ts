import type { QueryRunner } from 'typeorm';
import { ResourceIndicators1796750000000 } from '../../migrations/1796750000000-ResourceIndicators';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * The resource-indicator migration on a database with consumers and refresh tokens: it reverts and reapplies on both
 * backends, the consumers from before read as allowed no resource, and their refresh tokens as granted for none.
 */
describe('the resource indicators migration', () => {
  let gatehouse: TestApp;
  let runner: QueryRunner;
  let migrations: MigrationRunner;
  const migration = new ResourceIndicators1796750000000();

  beforeAll(async () => {
    gatehouse = await startTestApp();
    migrations = await openMigrationRunner(gatehouse);
    runner = migrations.runner;
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('reads consumers and refresh tokens from before it as bound to no resource', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Resmigrationdev');
    const client = await registerOauth2Client(dev, admin, { name: 'Old resource app' });
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await runner.hasColumn('oauth_registered_consumer', 'oauth2_resources')).toBe(false);
    expect(await runner.hasColumn('oauth2_refresh_tokens', 'resource')).toBe(false);
    await runner.query(
      'INSERT INTO oauth2_refresh_tokens (token_hash, access_token_jti, acceptance_id, consumer_id, user_id, scopes, ' +
        "family_id, expires, revoked) VALUES (?, 'j', 0, 1, NULL, '[\"basic\"]', 'f', '2030-01-01 00:00:00', ?)",
      ['a'.repeat(64), false],
    );

    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const old = await gatehouse.http().get(`/api/consumers/${client.clientId}`).expect(200);
    expect(old.body).toMatchObject({ name: 'Old resource app', resources: [] });
    const [row] = (await runner.query('SELECT resource FROM oauth2_refresh_tokens WHERE token_hash = ?', [
      'a'.repeat(64),
    ])) as { resource: string | null }[];
    expect(row.resource).toBeNull();
  });
});
