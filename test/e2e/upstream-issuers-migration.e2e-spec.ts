import type { QueryRunner } from 'typeorm';
import supertest from 'supertest';
import { UpstreamIssuers1796790000000 } from '../../migrations/1796790000000-UpstreamIssuers';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { type SignedIn, signIn } from './support/session-client';
import { freePort } from './support/test-environment';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { corpProvider, UpstreamProvider } from './support/upstream-provider';

/**
 * The migration that keys upstream links by (issuer, `sub`), on a database with links from before it: it reverts and
 * reapplies on both backends; the directory's links get the empty issuer, the upstream's an unknown one, which the
 * person's next sign-in through the same provider binds (and audits) without making another account.
 */
describe('the upstream issuers migration', () => {
  let gatehouse: TestApp;
  let upstream: UpstreamProvider;
  let admin: SignedIn;
  let runner: QueryRunner;
  let migrations: MigrationRunner;
  const migration = new UpstreamIssuers1796790000000();

  beforeAll(async () => {
    const port = await freePort();
    gatehouse = await startTestApp({
      env: {
        UPSTREAM_OIDC_PROVIDERS: corpProvider(port),
      },
    });
    upstream = await UpstreamProvider.start(port, `${gatehouse.url}/login/upstream/corp/callback`, {
      olga: { preferred_username: 'Olga', email: 'olga@corp.example', email_verified: true },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    migrations = await openMigrationRunner(gatehouse);
    runner = migrations.runner;
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
    await upstream.stop();
  });

  async function signInOlga(): Promise<number> {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get('/login/upstream/corp').expect(303);
    const callback = await upstream.signIn(started.headers.location, 'olga');
    await browser.get(`${callback.pathname}${callback.search}`).expect(303);
    return ((await browser.get('/api/me').expect(200)).body as { id: number }).id;
  }

  it('binds a link from before it to the issuer of its next sign-in, keeping the account', async () => {
    const olga = await signInOlga();
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    expect(await runner.hasColumn('external_identities', 'issuer')).toBe(false);
    await runner.query(
      'INSERT INTO external_identities (user_id, provider, subject, synced_groups, linked_at) ' +
        "VALUES (1, 'ldap', 'a-directory-entry', '[]', '2026-01-01 00:00:00')",
    );

    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const rows = (await runner.query('SELECT provider, issuer FROM external_identities ORDER BY provider')) as {
      provider: string;
      issuer: string | null;
    }[];
    expect(rows).toEqual([
      { provider: 'ldap', issuer: '' },
      { provider: 'oidc:corp', issuer: null },
    ]);
    const unbound = await admin.agent.get(`/api/admin/users/${olga}`).expect(200);
    expect(unbound.body).toMatchObject({ source: { provider: 'oidc:corp', issuer: null, subject: 'olga' } });
    expect((await admin.agent.get(`/admin/users/${olga}`).expect(200)).text).toContain('Not known yet');

    expect(await signInOlga()).toBe(olga);
    const bound = await admin.agent.get(`/api/admin/users/${olga}`).expect(200);
    expect(bound.body).toMatchObject({ source: { issuer: upstream.issuer, subject: 'olga' } });
  });
});
