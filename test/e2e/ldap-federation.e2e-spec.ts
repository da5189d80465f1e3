import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import { DirectorySync } from '../../src/identity/federation/directory-sync.service';
import { CALLBACK, consentFields, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { runPythonInterop } from './support/python';
import { type SignedIn, signIn } from './support/session-client';
import { PEOPLE_SEED, SlapdProcess } from './support/slapd';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const { alice, bob, carol, dave } = PEOPLE_SEED;

/**
 * Issue 22 §1 against a real directory: Debian's slapd, seeded with people, a nested group and a disabled user.
 * `npm test` installs slapd where it may and skips this only where it cannot (never under CI).
 */
describe.skipIf(missingComponent('slapd'))('LDAP directory federation', () => {
  let slapd: SlapdProcess;
  let gatehouse: TestApp;
  let admin: SignedIn;
  let aliceId: number;

  beforeAll(async () => {
    slapd = await SlapdProcess.start();
    gatehouse = await startTestApp({ env: slapd.gatehouseEnv() });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse?.close();
    await slapd?.stop();
  });

  const login = (username: string, password: string) =>
    supertest(gatehouse.url).post('/api/auth/login').send({ username, password });

  async function openLoginForm(agent: ReturnType<typeof supertest.agent>): Promise<string> {
    const page = await agent.get('/login').expect(200);
    return /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
  }

  it('signs a directory person in over the JSON API, creating a linked account with their mapped groups', async () => {
    const answer = await login(alice.uid, alice.password).expect(200);
    const user = (answer.body as { user: { id: number; name: string; groups: string[] } }).user;
    expect(user.name).toBe('Alice');
    aliceId = user.id;
    expect(user.groups).toContain('oauthadmin');

    const shown = await admin.agent.get(`/api/admin/users/${user.id}`).expect(200);
    expect(shown.body).toMatchObject({
      name: 'Alice',
      email: alice.mail,
      realName: alice.cn,
      source: { kind: 'directory', provider: 'ldap' },
    });
    expect((shown.body as { source: { subject: string } }).source.subject).toMatch(/^[0-9a-f-]{36}$/);
    const page = await admin.agent.get(`/admin/users/${user.id}`).expect(200);
    expect(page.text).toContain('Directory (ldap, id ');
    // A second sign-in finds the same account.
    const again = await login(alice.uid, alice.password).expect(200);
    expect((again.body as { user: { id: number } }).user.id).toBe(user.id);
  });

  it('signs a directory person in on the login page; a member of a nested group gets the mapped group', async () => {
    const agent = supertest.agent(gatehouse.url);
    const csrf = await openLoginForm(agent);
    await agent.post('/login').type('form').send({ username: bob.uid, password: bob.password, csrf }).expect(303);
    const me = await agent.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ name: 'Bob', email: bob.mail });
    expect((me.body as { groups: string[] }).groups).toContain('oauthadmin');
  });

  it('refuses wrong and empty passwords, filter injection and a disabled person, with one answer', async () => {
    for (const [username, password] of [
      [carol.uid, 'wrong-password'],
      [carol.uid, ''],
      ['*', carol.password],
      ['a*)(uid=*', carol.password],
      ['carol)(|(uid=*', carol.password],
      ['\\00', carol.password],
      ['carol\u0000', carol.password],
      [dave.uid, dave.password],
    ]) {
      const answer = await login(username, password);
      expect([400, 401]).toContain(answer.status);
      if (answer.status === 401) {
        expect((answer.body as { code: string }).code).toBe('invalid_credentials');
      }
    }
  });

  it('throttles directory sign-ins like local ones', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 8 && status !== 429; attempt++) {
      status = (await login('erin', `guess-${attempt}`)).status;
    }
    expect(status).toBe(429);
  });

  it('keeps local accounts signing in, and refuses a directory name that clashes with a local account', async () => {
    const local = await createSignedInUser(gatehouse, 'Carol');
    expect(local.user.name).toBe('Carol');
    // The directory's Carol is not merged into the local Carol.
    const clash = await login(carol.uid, carol.password).expect(409);
    expect((clash.body as { code: string; message: string }).code).toBe('directory_name_clash');
    expect((clash.body as { message: string }).message).toContain('local account');
    await login('Carol', 'Carol-password-1').expect(200);
  });

  it('lets a member of the mapped admin group approve a consumer', async () => {
    const developer = await createSignedInUser(gatehouse, 'Developer');
    const directoryAdmin = await signIn(gatehouse, alice.uid, alice.password);
    const client = await registerOauth2Client(developer, directoryAdmin, { name: 'Approved by Alice' });
    const shown = await supertest(gatehouse.url).get(`/api/consumers/${client.clientId}`).expect(200);
    expect((shown.body as { stage: string }).stage).toBe('approved');
  });

  it('runs the OAuth 2 code flow with oauth4webapi for a directory person; the profile names them', async () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const developer = await createSignedInUser(gatehouse, 'Interopdev');
    const registered = await registerOauth2Client(developer, admin, { name: 'Directory interop app' });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.ClientSecretBasic(registered.secret as string);
    const issuer = new URL(gatehouse.url);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    const person = await signIn(gatehouse, alice.uid, alice.password);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: CALLBACK,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const path = `/oauth2/authorize?${query.toString()}`;
    const page = await person.agent.get(path).expect(200);
    const answer = await person.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    const parameters = oauth.validateAuthResponse(as, client, new URL(answer.headers.location), state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, parameters, CALLBACK, verifier, insecure),
    );
    const profile = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL('/oauth2/resource/profile', gatehouse.url),
      undefined,
      undefined,
      insecure,
    );
    expect(await profile.json()).toMatchObject({ sub: String(person.user.id), username: 'Alice' });
  });

  it.skipIf(missingComponent('python3-mwoauth'))(
    'runs the OAuth 1 handshake with python3-mwoauth for a directory person; identify names them',
    async () => {
      const developer = await createSignedInUser(gatehouse, 'Tooldev');
      const created = await developer.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', developer.csrfToken)
        .send({
          oauthVersion: 1,
          name: 'Directory python tool',
          version: '1.0',
          description: 'A MediaWiki tool',
          callbackUrl: 'https://tool.example/oauth/callback',
          email: developer.email,
          grants: ['editpage'],
        })
        .expect(201);
      const consumer = created.body as { consumer: { consumerKey: string }; secret: string };
      await admin.agent
        .post(`/api/admin/consumers/${consumer.consumer.consumerKey}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'ok' })
        .expect(200);
      const result = await runPythonInterop('mwoauth_flow.py', [
        gatehouse.url,
        consumer.consumer.consumerKey,
        consumer.secret,
        alice.uid,
        alice.password,
      ]);
      expect(result.identity).toMatchObject({ username: 'Alice', blocked: false });
    },
  );

  it('blocks a person removed from the directory at the next sync: their token stops at once', async () => {
    const developer = await createSignedInUser(gatehouse, 'Leaverdev');
    const app = await registerOauth2Client(developer, admin, { name: 'Leaver app', grants: ['basic', 'introspect'] });
    const leaver = await signIn(gatehouse, bob.uid, bob.password);
    const tokens = await userTokens(gatehouse, leaver, app);
    const introspect = async () =>
      (await postForm(gatehouse, '/oauth2/introspect', { token: tokens.access_token }, app).expect(200)).body as {
        active: boolean;
        username?: string;
      };
    expect(await introspect()).toMatchObject({ active: true, username: 'Bob' });
    await supertest(gatehouse.url)
      .get('/gateway/verify')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);

    await slapd.remove(bob.uid);
    const report = await gatehouse.app.get(DirectorySync).run();
    expect(report.blocked).toEqual(['Bob']);

    expect(await introspect()).toEqual({ active: false });
    await supertest(gatehouse.url)
      .get('/gateway/verify')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(401);
    await leaver.agent.get('/api/me').expect(401);
    // The authorization is kept, in case the person returns.
    const shown = await admin.agent.get(`/api/admin/users/${leaver.user.id}`).expect(200);
    expect(shown.body).toMatchObject({ blocked: true });
    await login(bob.uid, bob.password).expect(401);
  });

  it('keeps the account and its grants when the person is renamed in the directory', async () => {
    const before = await signIn(gatehouse, alice.uid, alice.password);
    // A group an admin gave by hand stays through every sync; the mapped one follows the directory.
    await admin.agent
      .put(`/api/admin/users/${before.user.id}/groups`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups: [...before.user.groups, 'sysop'] })
      .expect(200);
    await slapd.rename(alice.uid, 'alicia');
    const report = await gatehouse.app.get(DirectorySync).run();
    expect(report.updated).toContain('alicia');
    const after = await signIn(gatehouse, 'alicia', alice.password);
    expect(after.user).toMatchObject({ id: before.user.id, name: 'Alicia' });
    expect(after.user.groups).toEqual(expect.arrayContaining(['oauthadmin', 'sysop']));
  });

  it('says the directory is down (503, and on the page), while the local admin still signs in', async () => {
    await slapd.stop();
    const down = await login('alicia', alice.password).expect(503);
    expect((down.body as { code: string }).code).toBe('directory_unavailable');
    const agent = supertest.agent(gatehouse.url);
    const csrf = await openLoginForm(agent);
    const page = await agent
      .post('/login')
      .type('form')
      .send({ username: 'alicia', password: alice.password, csrf })
      .expect(503);
    expect(page.text).toContain('directory cannot be reached');
    await login(ADMIN.username, ADMIN.password).expect(200);
    await supertest(gatehouse.url).get('/readyz').expect(200);
    const metrics = await supertest(gatehouse.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^gatehouse_directory_up 0$/m);
  });

  it('lets an admin unlink an account: a local account then, which the directory no longer signs in', async () => {
    const id = aliceId;
    const shown = await admin.agent.get(`/api/admin/users/${id}`).expect(200);
    expect((shown.body as { source: { lastSyncedAt: string } }).source.lastSyncedAt).toMatch(/^\d{4}-/);
    const unlinked = await admin.agent
      .delete(`/api/admin/users/${id}/link`)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(200);
    expect(unlinked.body).toMatchObject({ name: 'Alicia', source: { kind: 'local' } });
    await admin.agent.delete(`/api/admin/users/${id}/link`).set('X-CSRF-Token', admin.csrfToken).expect(404);
  });
});
