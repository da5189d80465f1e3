import type { QueryRunner } from 'typeorm';
import { ClientKeysAndPar1796650000000 } from '../../migrations/1796650000000-ClientKeysAndPar';
import { type SignedIn } from './support/session-client';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * The migration that adds client authentication methods, client keys and the PAR requirement to a database that
 * already has consumers: it reverts and reapplies on both backends, and the consumers from before keep
 * authenticating with their secret (or none, when public) and may still send plain authorization requests.
 */
describe('the client keys and PAR migration', () => {
  let gatehouse: TestApp;
  let runner: QueryRunner;
  let migrations: MigrationRunner;
  let dev: SignedIn & { email: string };
  const migration = new ClientKeysAndPar1796650000000();
  const confidentialKey = 'e'.repeat(32);
  const publicKey = 'd'.repeat(32);

  beforeAll(async () => {
    gatehouse = await startTestApp();
    dev = await createSignedInUser(gatehouse, 'Keymigrationdev');
    migrations = await openMigrationRunner(gatehouse);
    runner = migrations.runner;
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('reads consumers registered before it as secret (or public) clients without a PAR requirement', async () => {
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await runner.hasColumn('oauth_registered_consumer', 'oauth2_jwks')).toBe(false);
    for (const [key, confidential] of [
      [confidentialKey, true],
      [publicKey, false],
    ] as const) {
      await runner.query(
        'INSERT INTO oauth_registered_consumer (consumer_key, name, version, user_id, callback_url, description, ' +
          'email, grants, registration, restrictions, stage_timestamp, oauth_version, oauth2_allowed_grants, ' +
          "oauth2_is_confidential) VALUES (?, ?, '1.0', ?, 'https://old.example/cb', 'd', ?, '[\"basic\"]', ?, " +
          '\'{"IPAddresses":["0.0.0.0/0"]}\', ?, 2, \'["authorization_code"]\', ?)',
        [key, `Old ${key[0]}`, dev.user.id, dev.email, '2026-01-01 00:00:00', '2026-01-01 00:00:00', confidential],
      );
    }

    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const old = await gatehouse.http().get(`/api/consumers/${confidentialKey}`).expect(200);
    expect(old.body).toMatchObject({
      name: 'Old e',
      tokenEndpointAuthMethod: 'client_secret_basic',
      jwks: null,
      jwksUri: null,
      requirePushedAuthorizationRequests: false,
    });
    const oldPublic = await gatehouse.http().get(`/api/consumers/${publicKey}`).expect(200);
    expect(oldPublic.body).toMatchObject({
      tokenEndpointAuthMethod: 'none',
      requirePushedAuthorizationRequests: false,
    });
  });
});
