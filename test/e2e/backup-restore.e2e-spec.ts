import { existsSync } from 'node:fs';
import { join } from 'node:path';
import supertest from 'supertest';
import { backupDatabase, restoreDatabase } from '../../src/database/database-backup';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, signedHeader } from './support/oauth1-client';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend, createMysqlDatabase, temporaryDirectory, uniqueSuffix } from './support/test-environment';
import { createSignedInUser } from './support/users';

/**
 * Issue 20 item 4: a backup of a live service, restored into a fresh database, holds every consumer, grant and live
 * token (docs/operations.md, "Back up and restore"). SQLite through its online backup API, MariaDB through a
 * single-transaction dump; the service keeps answering while the backup runs.
 */
describe('backup and restore of a live service', () => {
  let live: TestApp;
  let restored: TestApp;
  let dropRestored: (() => Promise<void>) | undefined;
  let admin: SignedIn;
  let user: SignedIn;
  let client: Oauth2Client;
  let proposal: Oauth2Client;
  let tool: Oauth1Credentials;
  let tokens: { access_token: string; refresh_token?: string };

  beforeAll(async () => {
    live = await startTestApp();
    admin = await signIn(live, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(live, 'Backupdev');
    user = await createSignedInUser(live, 'Backupuser');
    client = await registerOauth2Client(developer, admin, { name: 'Backed-up app' });
    proposal = await registerOauth2Client(developer, admin, { name: 'Proposed app' }, false);
    tool = await ownerOnlyOauth1Credentials(developer, 'Backed-up tool');
    tokens = await userTokens(live, user, client);

    const directory = temporaryDirectory();
    const backup = join(directory, backend.mysqlUrl ? 'gatehouse.sql' : 'gatehouse.sqlite');
    // The service is busy while the backup runs: sign-ins and token checks go on.
    await Promise.all([
      backupDatabase(live.config.database, backup),
      ...Array.from({ length: 10 }, () =>
        supertest(live.url).get('/api/me').set('Authorization', `Bearer ${tokens.access_token}`).expect(200),
      ),
      signIn(live, 'Backupuser', 'Backupuser-password-1'),
    ]);
    expect(existsSync(backup)).toBe(true);

    let databaseUrl = `sqlite:${join(directory, 'restored.sqlite')}`;
    if (backend.mysqlUrl) {
      const database = await createMysqlDatabase(backend.mysqlUrl);
      databaseUrl = database.url;
      dropRestored = database.drop;
    }
    await restoreDatabase(parseDatabaseUrl(databaseUrl), backup);
    // The restored deployment keeps the server key and signing key (they are not in the database; the runbook says
    // to keep them with the backup) and its public URL, but has a cache of its own: nothing comes from the live one.
    restored = await startTestApp({
      shareWith: live,
      env: { DATABASE_URL: databaseUrl, PUBLIC_URL: live.url, CACHE_PREFIX: `restored-${uniqueSuffix()}:` },
    });
  });

  afterAll(async () => {
    await restored?.close();
    await live?.close();
    await dropRestored?.();
  });

  it('holds every consumer, in its stage', async () => {
    const restoredAdmin = await signIn(restored, ADMIN.username, ADMIN.password);
    for (const [key, stage] of [
      [client.clientId, 'approved'],
      [proposal.clientId, 'proposed'],
      [tool.consumerKey, 'approved'],
    ]) {
      const consumer = await restoredAdmin.agent.get(`/api/consumers/${key}`).expect(200);
      expect(consumer.body).toMatchObject({ consumerKey: key, stage });
    }
  });

  it("holds the user's grant", async () => {
    const restoredUser = await signIn(restored, 'Backupuser', 'Backupuser-password-1');
    const grants = await restoredUser.agent.get('/api/me/grants').expect(200);
    expect((grants.body as { consumer: { consumerKey: string } }[]).map((grant) => grant.consumer.consumerKey)).toEqual(
      [client.clientId],
    );
  });

  it('holds the live tokens: the access token works, the refresh token refreshes, the OAuth 1 token signs', async () => {
    await supertest(restored.url).get('/api/me').set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
    const refreshed = await postForm(
      restored,
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      client,
    ).expect(200);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
    const header = signedHeader(live.url, tool, { method: 'GET', target: '/api/me' });
    const me = await supertest(restored.url).get('/api/me').set('Authorization', header).expect(200);
    expect(me.body.name).toBe('Backupdev');
  });

  it.runIf(!backend.mysqlUrl)('never restores over a database file that exists', async () => {
    await expect(restoreDatabase(live.config.database, join(temporaryDirectory(), 'x.sqlite'))).rejects.toThrow(
      /exists already/,
    );
  });
});

function parseDatabaseUrl(url: string): { type: 'sqlite'; path: string } | { type: 'mysql'; url: string } {
  return url.startsWith('sqlite:') ? { type: 'sqlite', path: url.slice('sqlite:'.length) } : { type: 'mysql', url };
}
