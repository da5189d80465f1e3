import type { QueryRunner } from 'typeorm';
import { OidcLogoutUris1796610000000 } from '../../migrations/1796610000000-OidcLogoutUris';
import { type SignedIn } from './support/session-client';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * The migration that adds the OpenID Connect logout URIs to a database that already has consumers: it reverts and
 * reapplies on both backends, the consumers keep everything else, and read as having none.
 */
describe('the OpenID Connect logout URIs migration', () => {
  let gatehouse: TestApp;
  let runner: QueryRunner;
  let migrations: MigrationRunner;
  let dev: SignedIn & { email: string };
  const migration = new OidcLogoutUris1796610000000();
  const oldKey = 'f'.repeat(32);

  beforeAll(async () => {
    gatehouse = await startTestApp();
    dev = await createSignedInUser(gatehouse, 'Logoutdev');
    migrations = await openMigrationRunner(gatehouse);
    runner = migrations.runner;
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('reads consumers registered before it as having no logout URIs, and keeps the rest of them', async () => {
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await runner.hasColumn('oauth_registered_consumer', 'oidc_post_logout_redirect_uris')).toBe(false);
    await runner.query(
      'INSERT INTO oauth_registered_consumer (consumer_key, name, version, user_id, callback_url, description, email, ' +
        "grants, registration, restrictions, stage_timestamp, oauth_version, oauth2_allowed_grants) VALUES (?, 'Old', " +
        "'1.0', ?, 'https://old.example/cb', 'd', ?, '[\"basic\"]', ?, '{\"IPAddresses\":[\"0.0.0.0/0\"]}', ?, 2, " +
        '\'["authorization_code"]\')',
      [oldKey, dev.user.id, dev.email, '2026-01-01 00:00:00', '2026-01-01 00:00:00'],
    );

    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const old = await gatehouse.http().get(`/api/consumers/${oldKey}`).expect(200);
    expect(old.body).toMatchObject({
      name: 'Old',
      callbackUrl: 'https://old.example/cb',
      oauth2GrantTypes: ['authorization_code'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
    });
  });

  it('then stores new ones', async () => {
    const { body } = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 2,
        name: 'New',
        version: '1.0',
        description: 'Registered after the migration',
        callbackUrl: 'https://app.example/callback',
        email: dev.email,
        grants: ['basic'],
        postLogoutRedirectUris: ['https://app.example/bye'],
        backchannelLogoutUri: 'https://app.example/logout',
      })
      .expect(201);
    const detail = await gatehouse.http().get(`/api/consumers/${body.consumer.consumerKey}`).expect(200);
    expect(detail.body).toMatchObject({
      postLogoutRedirectUris: ['https://app.example/bye'],
      backchannelLogoutUri: 'https://app.example/logout',
    });
  });
});
