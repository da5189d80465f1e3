import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConsumerLifecycleService } from '../../src/consumers/consumer-lifecycle.service';
import { temporaryDirectory } from './support/test-environment';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';
import { createSignedInUser } from './support/users';

type Developer = SignedIn & { email: string };

describe('consumer registry and review workflow', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: Developer;
  let plain: Developer;
  let counter = 0;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Dev');
    plain = await createSignedInUser(gatehouse, 'Plain');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const oauth2 = (overrides: object = {}) => ({
    oauthVersion: 2,
    name: `App ${++counter}`,
    version: '1.0',
    description: 'An OAuth 2 test application',
    callbackUrl: 'https://app.example/callback',
    email: dev.email,
    grants: ['editpage'],
    ...overrides,
  });
  const oauth1 = (overrides: object = {}) => ({
    oauthVersion: 1,
    name: `Tool ${++counter}`,
    version: '1.0',
    description: 'An OAuth 1 test tool',
    callbackUrl: 'https://tool.example/oauth/callback',
    email: dev.email,
    grants: ['basic', 'highvolume'],
    ...overrides,
  });
  const propose = (who: Developer, body: object) =>
    who.agent.post('/api/consumers').set('X-CSRF-Token', who.csrfToken).send(body);
  const act = (who: SignedIn, key: string, action: string, body: object, ifMatch?: string) => {
    const request = who.agent.post(`/api/admin/consumers/${key}/${action}`).set('X-CSRF-Token', who.csrfToken);
    return (ifMatch ? request.set('If-Match', ifMatch) : request).send(body);
  };

  it('proposes an OAuth 2 client: secret shown once, stage proposed, basic grant added', async () => {
    const response = await propose(dev, oauth2()).expect(201);
    expect(response.body.consumer).toMatchObject({
      consumerKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      oauthVersion: 2,
      stage: 'proposed',
      grants: ['basic', 'editpage'],
      owner: { id: dev.user.id, name: 'Dev' },
      oauth2IsConfidential: true,
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      email: dev.email,
      restrictions: { ipAddresses: ['0.0.0.0/0', '::/0'] },
    });
    expect(response.body.secret).toMatch(/^[0-9a-f]{40}$/);
    const detail = await gatehouse.http().get(`/api/consumers/${response.body.consumer.consumerKey}`).expect(200);
    expect(JSON.stringify(detail.body)).not.toContain(response.body.secret);
    expect(detail.body.email).toBeUndefined();
    expect(detail.body.restrictions).toBeUndefined();
  });

  it('keeps no client-usable secret in the database', async () => {
    const { body } = await propose(dev, oauth1({ ownerOnly: true })).expect(201);
    const dataSource = gatehouse.app.get(DataSource);
    const dump = JSON.stringify([
      await dataSource.query('SELECT * FROM oauth_registered_consumer'),
      await dataSource.query('SELECT * FROM oauth_accepted_consumer'),
      await dataSource.query('SELECT * FROM oauth_log'),
    ]);
    expect(dump).toContain(body.consumer.consumerKey);
    expect(dump).toContain(body.accessToken);
    expect(dump).not.toContain(body.secret);
    expect(dump).not.toContain(body.accessSecret);
  });

  it('creates owner-only OAuth 1 consumers approved, with their access token at once', async () => {
    const response = await propose(dev, oauth1({ ownerOnly: true, callbackUrl: undefined })).expect(201);
    expect(response.body.consumer).toMatchObject({ stage: 'approved', ownerOnly: true });
    expect(response.body.consumer.callbackUrl).toBe(`${gatehouse.url}/oauth1/verified`);
    expect(response.body.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(response.body.accessSecret).toMatch(/^[0-9a-f]{40}$/);
    const grants = await dev.agent.get('/api/me/grants').expect(200);
    expect(grants.body.map((g: { consumer: { consumerKey: string } }) => g.consumer.consumerKey)).toContain(
      response.body.consumer.consumerKey,
    );
  });

  it.each([
    [{ version: 'latest' }, 400, 'invalid_version'],
    [{ grants: ['editpage', 'fly'] }, 400, 'invalid_grants'],
    [{ grants: ['mwoauth-authonly', 'editpage'] }, 400, 'invalid_grants'],
    [{ callbackUrl: 'app.example/callback' }, 400, 'invalid_callback_url'],
    [{ callbackUrl: 'http://app.example/callback' }, 400, 'invalid_callback_url'],
    [{ callbackUrl: 'https://u:p@app.example/cb' }, 400, 'invalid_callback_url'],
    [{ callbackUrl: undefined }, 400, 'invalid_callback_url'],
    [{ email: 'someone-else@example.com' }, 400, 'email_mismatched'],
    [{ restrictions: { ipAddresses: ['10.0.0.0/33'] } }, 400, 'invalid_restrictions'],
    [{ oauth2GrantTypes: ['client_credentials'], oauth2IsConfidential: false }, 400, 'invalid_field'],
    [{ ownerOnly: true, oauth2GrantTypes: ['authorization_code'] }, 400, 'invalid_field'],
    [{ rsaKey: 'x' }, 400, 'invalid_field'],
    [{ wiki: 'elsewhere' }, 400, 'invalid_field'],
    [{ oauthVersion: 3 }, 400, 'validation_failed'],
    [{ secretKey: 'mine' }, 400, 'validation_failed'],
  ])('refuses an OAuth 2 proposal with %j', async (overrides, status, code) => {
    const response = await propose(dev, oauth2(overrides)).expect(status);
    expect(response.body.code).toBe(code);
  });

  it('refuses an OAuth 1 proposal with a non-RSA key or a custom scheme', async () => {
    expect((await propose(dev, oauth1({ rsaKey: 'not a key' })).expect(400)).body.code).toBe('invalid_rsa_key');
    expect((await propose(dev, oauth1({ callbackUrl: 'com.example.app:/cb' })).expect(400)).body.code).toBe(
      'invalid_callback_url',
    );
  });

  it('registers OpenID Connect logout URIs, stored serialized and once each, shown with the callback', async () => {
    const response = await propose(
      dev,
      oauth2({
        postLogoutRedirectUris: [
          'HTTPS://App.Example:443/a/../bye',
          'https://app.example/bye',
          'http://127.0.0.1:3000/',
        ],
        backchannelLogoutUri: 'HTTPS://App.Example/logout?from=op',
      }),
    ).expect(201);
    const expected = {
      postLogoutRedirectUris: ['https://app.example/bye', 'http://127.0.0.1:3000/'],
      backchannelLogoutUri: 'https://app.example/logout?from=op',
    };
    expect(response.body.consumer).toMatchObject(expected);
    const detail = await gatehouse.http().get(`/api/consumers/${response.body.consumer.consumerKey}`).expect(200);
    expect(detail.body).toMatchObject({ callbackUrl: 'https://app.example/callback', ...expected });
    const none = await propose(dev, oauth2()).expect(201);
    expect(none.body.consumer).toMatchObject({ postLogoutRedirectUris: [], backchannelLogoutUri: null });
    const tool = await propose(dev, oauth1()).expect(201);
    expect(tool.body.consumer.postLogoutRedirectUris).toBeUndefined();
  });

  it.each([
    [
      { postLogoutRedirectUris: ['https://app.example/ok', 'app.example/bye'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[1] must be an absolute URL',
    ],
    [
      { postLogoutRedirectUris: ['http://app.example/bye'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[0]: Non-local',
    ],
    [
      { postLogoutRedirectUris: ['com.example.app:/bye'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[0]: Custom schemes',
    ],
    [
      { postLogoutRedirectUris: ['javascript:alert(1)'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[0] must use',
    ],
    [
      { postLogoutRedirectUris: Array.from({ length: 11 }, (_, i) => `https://app.example/${i}`) },
      'validation_failed',
      'postLogoutRedirectUris',
    ],
    [{ postLogoutRedirectUris: 'https://app.example/bye' }, 'validation_failed', 'postLogoutRedirectUris'],
    [
      { backchannelLogoutUri: 'http://app.example/logout' },
      'invalid_backchannel_logout_uri',
      'backchannelLogoutUri must use https',
    ],
    [
      { backchannelLogoutUri: 'https://app.example/logout#frag' },
      'invalid_backchannel_logout_uri',
      'backchannelLogoutUri must not carry a fragment',
    ],
    [
      { backchannelLogoutUri: 'https://u:p@app.example/logout' },
      'invalid_backchannel_logout_uri',
      'backchannelLogoutUri must not carry a user name',
    ],
    [
      { ownerOnly: true, callbackUrl: undefined, postLogoutRedirectUris: ['https://app.example/bye'] },
      'invalid_field',
      'Owner-only',
    ],
  ])('refuses OpenID Connect logout URIs %j with a 400 naming the field', async (overrides, code, message) => {
    const response = await propose(dev, oauth2(overrides)).expect(400);
    expect(response.body.code).toBe(code);
    expect(JSON.stringify(response.body.message)).toContain(message);
  });

  it('refuses OpenID Connect logout URIs for OAuth 1 consumers', async () => {
    for (const overrides of [
      { postLogoutRedirectUris: ['https://tool.example/bye'] },
      { backchannelLogoutUri: 'https://tool.example/l' },
    ]) {
      const response = await propose(dev, oauth1(overrides)).expect(400);
      expect(response.body).toMatchObject({
        code: 'invalid_field',
        message: expect.stringContaining('OAuth 2 consumers only'),
      });
    }
  });

  it('allows a public OAuth 2 client with a reverse-domain scheme, and gives it no secret', async () => {
    const response = await propose(
      dev,
      oauth2({ oauth2IsConfidential: false, callbackUrl: 'com.example.app:/cb' }),
    ).expect(201);
    expect(response.body.secret).toBeUndefined();
  });

  it('needs a confirmed email to propose', async () => {
    const unconfirmed = await createSignedInUser(gatehouse, 'Unconfirmed', { emailConfirmed: false });
    const response = await propose(unconfirmed, oauth2({ email: unconfirmed.email })).expect(403);
    expect(response.body.code).toBe('email_not_confirmed');
  });

  it('refuses duplicates and versions that are not higher', async () => {
    const body = oauth2({ name: 'Versioned', version: '2.0' });
    await propose(dev, body).expect(201);
    expect((await propose(dev, body).expect(409)).body.code).toBe('consumer_exists');
    expect((await propose(dev, { ...body, version: '1.5' }).expect(409)).body.code).toBe('version_not_higher');
    await propose(dev, { ...body, version: '2.1' }).expect(201);
  });

  it('runs the review workflow: approve one, reject the other with suppression, all logged', async () => {
    const two = (await propose(dev, oauth2()).expect(201)).body.consumer.consumerKey as string;
    const one = (await propose(dev, oauth1()).expect(201)).body.consumer.consumerKey as string;

    const queue = await admin.agent.get('/api/admin/consumers?stage=proposed&limit=100').expect(200);
    const queued = queue.body.consumers.map((c: { consumerKey: string }) => c.consumerKey);
    expect(queued).toEqual(expect.arrayContaining([one, two]));

    await act(plain, two, 'approve', { reason: 'looks fine' }).expect(403);
    await plain.agent.get('/api/admin/consumers').expect(403);

    const approved = await act(admin, two, 'approve', { reason: 'Looks fine' }).expect(200);
    expect(approved.body.consumer.stage).toBe('approved');
    const rejected = await act(admin, one, 'reject', { reason: 'Spam', suppress: true }).expect(200);
    expect(rejected.body.consumer).toMatchObject({ stage: 'rejected', suppressed: true });

    await gatehouse.http().get(`/api/consumers/${one}`).expect(404);
    await plain.agent.get(`/api/consumers/${one}`).expect(404);
    await admin.agent.get(`/api/consumers/${one}`).expect(200);
    const publicList = await plain.agent.get('/api/consumers?stage=any&limit=100').expect(200);
    const publicKeys = publicList.body.consumers.map((c: { consumerKey: string }) => c.consumerKey);
    expect(publicKeys).toContain(two);
    expect(publicKeys).not.toContain(one);
    const adminList = await admin.agent.get('/api/consumers?stage=any&limit=100').expect(200);
    expect(adminList.body.consumers.map((c: { consumerKey: string }) => c.consumerKey)).toContain(one);

    const log = await admin.agent.get(`/api/log?consumer=${two}`).expect(200);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['approve', 'propose']);
    expect(log.body.entries[0]).toMatchObject({ actor: { name: 'Admin' }, comment: 'Looks fine' });
    const suppressedLog = await admin.agent.get(`/api/log?consumer=${one}`).expect(200);
    expect(suppressedLog.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'suppress',
      'reject',
      'propose',
    ]);
    await gatehouse.http().get(`/api/log?consumer=${one}`).expect(404);
    const publicLog = await gatehouse.http().get('/api/log?limit=100').expect(200);
    const loggedKeys = publicLog.body.entries.map((e: { consumer: { consumerKey: string } }) => e.consumer.consumerKey);
    expect(loggedKeys).toContain(two);
    expect(loggedKeys).not.toContain(one);
  });

  it('enforces the state machine and the suppression right', async () => {
    const key = (await propose(dev, oauth2()).expect(201)).body.consumer.consumerKey as string;
    expect((await act(admin, key, 'reenable', { reason: 'x' }).expect(409)).body.code).toBe('not_disabled');
    expect((await act(admin, key, 'disable', { reason: 'x' }).expect(409)).body.code).toBe('not_approved');
    await act(admin, key, 'approve', { reason: 'ok' }).expect(200);
    expect((await act(admin, key, 'approve', { reason: 'again' }).expect(409)).body.code).toBe('not_proposed');
    await act(admin, key, 'disable', { reason: 'abuse' }).expect(200);
    await act(admin, key, 'reenable', { reason: 'fixed' }).expect(200);
    await act(admin, key, 'frobnicate', { reason: 'x' }).expect(400);

    const oauthAdmin = await createSignedInUser(gatehouse, 'Reviewer', { groups: ['oauthadmin'] });
    const other = (await propose(dev, oauth2()).expect(201)).body.consumer.consumerKey as string;
    await act(oauthAdmin, other, 'reject', { reason: 'no', suppress: true }).expect(403);
    await act(oauthAdmin, other, 'reject', { reason: 'no' }).expect(200);
  });

  it('answers a stale If-Match with 412 and a fresh one with success', async () => {
    const key = (await propose(dev, oauth2()).expect(201)).body.consumer.consumerKey as string;
    const first = await admin.agent.get(`/api/consumers/${key}`).expect(200);
    const etag = first.headers.etag;
    expect(etag).toBe(`"${key}-0"`);
    await dev.agent
      .patch(`/api/consumers/${key}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .set('If-Match', etag)
      .send({ restrictions: { ipAddresses: ['192.0.2.0/24'] }, reason: 'office only' })
      .expect(200);
    const stale = await act(admin, key, 'approve', { reason: 'ok' }, etag).expect(412);
    expect(stale.body.code).toBe('change_conflict');
    const fresh = (await admin.agent.get(`/api/consumers/${key}`).expect(200)).headers.etag;
    await act(admin, key, 'approve', { reason: 'ok' }, fresh).expect(200);
  });

  it('lets only the owner update, and resets the secret once', async () => {
    const created = (await propose(dev, oauth1()).expect(201)).body;
    const key = created.consumer.consumerKey as string;
    const patch = (who: Developer, body: object) =>
      who.agent.patch(`/api/consumers/${key}`).set('X-CSRF-Token', who.csrfToken).send(body);
    expect((await patch(plain, { resetSecret: true }).expect(403)).body.code).toBe('not_owner');
    const reset = await patch(dev, { resetSecret: true, reason: 'leaked' }).expect(200);
    expect(reset.body.secret).toMatch(/^[0-9a-f]{40}$/);
    expect(reset.body.secret).not.toBe(created.secret);
    const restricted = await patch(dev, { restrictions: { ipAddresses: ['10.0.0.0/8'] } }).expect(200);
    expect(restricted.body.consumer.restrictions).toEqual({ ipAddresses: ['10.0.0.0/8'] });
    await patch(dev, { name: 'Renamed' }).expect(400);
    const log = await dev.agent.get(`/api/log?consumer=${key}`).expect(200);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['update', 'update', 'propose']);
    await act(admin, key, 'reject', { reason: 'no' }).expect(200);
    expect((await patch(dev, { resetSecret: true }).expect(409)).body.code).toBe('not_updatable');
  });

  it('applies concurrent changes sent with the same If-Match only once', async () => {
    const key = (await propose(dev, oauth1()).expect(201)).body.consumer.consumerKey as string;
    const etag = (await dev.agent.get(`/api/consumers/${key}`).expect(200)).headers.etag;
    const attempts = await Promise.all(
      ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '192.0.2.0/24'].map((range) =>
        dev.agent
          .patch(`/api/consumers/${key}`)
          .set('X-CSRF-Token', dev.csrfToken)
          .set('If-Match', etag)
          .send({ restrictions: { ipAddresses: [range] } }),
      ),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const log = await dev.agent.get(`/api/log?consumer=${key}`).expect(200);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['update', 'propose']);
    await dev.agent
      .patch(`/api/consumers/${key}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .set('If-Match', `W/${etag}`)
      .send({ resetSecret: true })
      .expect(412);
  });

  it('refuses what would skip review or break the rules of an action', async () => {
    const introspecting = await propose(
      dev,
      oauth2({ ownerOnly: true, grants: ['introspect'], callbackUrl: undefined }),
    );
    expect(introspecting.status).toBe(400);
    expect(introspecting.body.code).toBe('invalid_grants');
    const huge = await propose(dev, oauth2({ description: '€'.repeat(30000) })).expect(400);
    expect(huge.body.message).toContain('A JSON string is longer than');
    const key = (await propose(dev, oauth2()).expect(201)).body.consumer.consumerKey as string;
    await act(admin, key, 'approve', { reason: 'ok', suppress: true }).expect(400);
    const publicClient = (await propose(dev, oauth2({ oauth2IsConfidential: false })).expect(201)).body.consumer;
    await dev.agent
      .patch(`/api/consumers/${publicClient.consumerKey}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ resetSecret: true })
      .expect(400);
  });

  it('hides suppressed consumers from everyone without the right, even their owner', async () => {
    const key = (await propose(dev, oauth1({ ownerOnly: true })).expect(201)).body.consumer.consumerKey as string;
    await act(admin, key, 'disable', { reason: 'abuse', suppress: true }).expect(200);
    const mine = await dev.agent.get('/api/me/consumers?limit=100').expect(200);
    expect(mine.body.consumers.map((c: { consumerKey: string }) => c.consumerKey)).not.toContain(key);
    expect(mine.body.consumers.length).toBeGreaterThan(0);
    const grants = await dev.agent.get('/api/me/grants').expect(200);
    expect(grants.body.map((g: { consumer: { consumerKey: string } }) => g.consumer.consumerKey)).not.toContain(key);
    const reviewer = await createSignedInUser(gatehouse, 'Viewer', { groups: ['oauthadmin'] });
    await act(reviewer, key, 'reenable', { reason: 'x' }).expect(404);
    const lifted = await act(admin, key, 'reenable', { reason: 'cleared' }).expect(200);
    expect(lifted.body.consumer).toMatchObject({ stage: 'approved', suppressed: false });
    await dev.agent.get(`/api/consumers/${key}`).expect(200);
    const other = await reviewer.agent.get(`/api/consumers/${key}`).expect(200);
    expect(other.body.email).toBeUndefined();
  });

  it('lists with filters and a cursor, and lists my consumers', async () => {
    for (let i = 0; i < 3; i++) {
      await propose(dev, oauth2({ name: 'Paged', version: `1.${i}` })).expect(201);
    }
    const page1 = await gatehouse.http().get('/api/consumers?name=Paged&stage=proposed&limit=2').expect(200);
    expect(page1.body.consumers.map((c: { version: string }) => c.version)).toEqual(['1.2', '1.1']);
    const page2 = await gatehouse
      .http()
      .get(`/api/consumers?name=Paged&stage=proposed&limit=2&cursor=${page1.body.nextCursor}`)
      .expect(200);
    expect(page2.body.consumers.map((c: { version: string }) => c.version)).toEqual(['1.0']);
    expect(page2.body.nextCursor).toBeUndefined();
    const byPublisher = await gatehouse.http().get('/api/consumers?publisher=Dev&stage=any&limit=100').expect(200);
    expect(byPublisher.body.consumers.length).toBeGreaterThan(3);
    expect(byPublisher.body.consumers.every((c: { owner: { name: string } }) => c.owner.name === 'Dev')).toBe(true);
    const mine = await dev.agent.get('/api/me/consumers?limit=100').expect(200);
    expect(mine.body.consumers.length).toBeGreaterThan(5);
    expect(mine.body.consumers[0].email).toBe(dev.email);
    await gatehouse.http().get('/api/consumers?stage=unknown').expect(400);
    await gatehouse.http().get('/api/consumers?limit=1000').expect(400);
  });

  it('lets a user revoke an authorization, and only their own', async () => {
    const created = (await propose(dev, oauth1({ ownerOnly: true })).expect(201)).body;
    const grants = await dev.agent.get('/api/me/grants').expect(200);
    const mine = grants.body.find(
      (g: { consumer: { consumerKey: string } }) => g.consumer.consumerKey === created.consumer.consumerKey,
    );
    expect(mine).toMatchObject({ grants: ['basic', 'highvolume'], wiki: '*', oauthVersion: 1 });
    await plain.agent.delete(`/api/me/grants/${mine.id}`).set('X-CSRF-Token', plain.csrfToken).expect(404);
    await plain.agent.get('/api/me/grants?user=Dev').expect(403);
    expect((await admin.agent.get('/api/me/grants?user=Dev').expect(200)).body.length).toBeGreaterThan(0);
    await dev.agent.delete(`/api/me/grants/${mine.id}`).set('X-CSRF-Token', dev.csrfToken).expect(204);
    const after = await dev.agent.get('/api/me/grants').expect(200);
    expect(after.body.map((g: { id: number }) => g.id)).not.toContain(mine.id);
  });
});

/** A STATIC_APPS_FILE holding one first-party OAuth 2 app owned by the bootstrap admin. */
function staticAppsFile(app: { id: number; consumerKey: string } & Record<string, unknown>): string {
  const path = join(temporaryDirectory(), 'static-apps.json');
  const portal = { name: 'Portal', version: '1.0', description: 'First-party', oauthVersion: 2, grants: ['basic'] };
  const owner = { userId: 1, callbackUrl: 'https://portal.example/cb', secretKey: 'd'.repeat(32) };
  writeFileSync(path, JSON.stringify([{ ...app, ...portal, ...owner }]));
  return path;
}

describe('read-only mode, idle proposals and configuration-defined apps', () => {
  it('expires idle proposals, which an admin can still approve', async () => {
    const gatehouse = await startTestApp({ env: { OAUTH_REQUEST_EXPIRATION_AGE: '1' } });
    try {
      const dev = await createSignedInUser(gatehouse, 'Dev');
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const key = (
        await dev.agent
          .post('/api/consumers')
          .set('X-CSRF-Token', dev.csrfToken)
          .send({
            oauthVersion: 2,
            name: 'Idle',
            version: '1',
            description: 'x',
            callbackUrl: 'https://x.example/cb',
            email: dev.email,
            grants: [],
          })
          .expect(201)
      ).body.consumer.consumerKey as string;
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect(await gatehouse.app.get(ConsumerLifecycleService).expireIdleProposals()).toBe(1);
      expect((await gatehouse.http().get(`/api/consumers/${key}`).expect(200)).body.stage).toBe('expired');
      await admin.agent
        .post(`/api/admin/consumers/${key}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'late but fine' })
        .expect(200);
    } finally {
      await gatehouse.close();
    }
  });

  it('serves configuration-defined apps like the others, and never edits them', async () => {
    const key = 'c'.repeat(32);
    const path = staticAppsFile({
      id: 900001,
      consumerKey: key,
      postLogoutRedirectUris: ['HTTPS://Portal.Example/bye'],
      backchannelLogoutUri: 'https://portal.example/logout',
    });
    const gatehouse = await startTestApp({ env: { STATIC_APPS_FILE: path } });
    try {
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const detail = await gatehouse.http().get(`/api/consumers/${key}`).expect(200);
      expect(detail.body).toMatchObject({
        name: 'Portal',
        stage: 'approved',
        configurationBased: true,
        owner: { id: 1, name: 'Admin' },
        postLogoutRedirectUris: ['https://portal.example/bye'],
        backchannelLogoutUri: 'https://portal.example/logout',
      });
      const list = await gatehouse.http().get('/api/consumers').expect(200);
      expect(list.body.consumers.map((c: { consumerKey: string }) => c.consumerKey)).toContain(key);
      const refused = await admin.agent
        .post(`/api/admin/consumers/${key}/disable`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'x' })
        .expect(409);
      expect(refused.body.code).toBe('configuration_based');
      await admin.agent
        .patch(`/api/consumers/${key}`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ resetSecret: true })
        .expect(409);
    } finally {
      await gatehouse.close();
    }
  });

  it('reserves the ids of configured apps so registered consumers never share them', async () => {
    const path = staticAppsFile({ id: 1, consumerKey: 'e'.repeat(32) });
    const gatehouse = await startTestApp({ env: { STATIC_APPS_FILE: path } });
    try {
      const dev = await createSignedInUser(gatehouse, 'Dev');
      const created = await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 1,
          name: 'Mine',
          version: '1',
          description: 'x',
          email: dev.email,
          grants: [],
          ownerOnly: true,
        })
        .expect(201);
      const grants = await dev.agent.get('/api/me/grants').expect(200);
      expect(grants.body.map((g: { consumer: { name: string } }) => g.consumer.name)).toEqual(['Mine']);
      const log = await dev.agent.get(`/api/log?consumer=${created.body.consumer.consumerKey}`).expect(200);
      expect(log.body.entries[0].consumer.name).toBe('Mine');
      const list = await gatehouse.http().get('/api/consumers?limit=1').expect(200);
      expect(list.body.consumers).toHaveLength(1);
    } finally {
      await gatehouse.close();
    }
  });

  it('refuses to start with a malformed STATIC_APPS_FILE, naming it', async () => {
    const path = join(temporaryDirectory(), 'bad-apps.json');
    writeFileSync(path, JSON.stringify([{ id: 1, colour: 'blue' }]));
    await expect(startTestApp({ env: { STATIC_APPS_FILE: path } })).rejects.toThrow(/^STATIC_APPS_FILE/);
  });

  it('refuses every change while OAUTH_READ_ONLY is set', async () => {
    const gatehouse = await startTestApp({ env: { OAUTH_READ_ONLY: 'true' } });
    try {
      const dev = await createSignedInUser(gatehouse, 'Dev');
      const response = await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name: 'X',
          version: '1',
          description: 'x',
          callbackUrl: 'https://x.example/cb',
          email: dev.email,
          grants: [],
        })
        .expect(503);
      expect(response.body).toMatchObject({ code: 'readonly', message: expect.stringContaining('OAUTH_READ_ONLY') });
      await gatehouse.http().get('/api/consumers').expect(200);
      const key = 'f'.repeat(32);
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      for (const write of [
        admin.agent
          .post(`/api/admin/consumers/${key}/approve`)
          .set('X-CSRF-Token', admin.csrfToken)
          .send({ reason: 'x' }),
        dev.agent.patch(`/api/consumers/${key}`).set('X-CSRF-Token', dev.csrfToken).send({ resetSecret: true }),
        dev.agent.delete('/api/me/grants/1').set('X-CSRF-Token', dev.csrfToken),
        dev.agent
          .post('/oauth2/client')
          .set('X-CSRF-Token', dev.csrfToken)
          .send({
            name: 'x',
            description: 'x',
            email: dev.email,
            is_confidential: true,
            grant_types: ['client_credentials'],
            scopes: [],
            owner_only: true,
          }),
      ]) {
        const refused = await write;
        expect(refused.status === 503 || refused.status === 400).toBe(true);
        expect(JSON.stringify(refused.body)).toContain('readonly');
      }
    } finally {
      await gatehouse.close();
    }
  });
});
