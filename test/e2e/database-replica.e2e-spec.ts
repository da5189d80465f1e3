import supertest from 'supertest';
import { MariadbPair } from '../support/mariadb-pair';
import { TcpProxy } from '../support/tcp-proxy';
import { eventually, sleep } from '../faults/support/processes';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * This file's ports, in the range kept for it (22000-22499): the pair's two servers and the proxy before the primary;
 * the proxy before the replica comes from the range of issue 24's cache-through-outage work (23200-23299).
 */
const PORTS = { primary: 22000, replica: 22001, proxy: 22002, replicaProxy: 23200 };
const DATABASE = 'gatehouse';

/**
 * Issue 24, item 2: DATABASE_URL names a proxy before the primary, DATABASE_REPLICA_URLS the replica. It runs on both
 * passes of `npm test`: it needs mariadbd, which it starts itself, not the pass's database.
 */
describe.skipIf(missingComponent('mariadb-server'))('MariaDB primary and replica', () => {
  let pair: MariadbPair;
  let proxy: TcpProxy;
  let replicaProxy: TcpProxy;
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let client: Oauth2Client;

  const clientToken = (caller = client) =>
    supertest(gatehouse.url)
      .post('/oauth2/token')
      .auth(caller.clientId, caller.secret as string)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .timeout(15_000);
  const introspect = (token: string) => postForm(gatehouse, '/oauth2/introspect', { token }, client).expect(200);
  const listedNames = async (name: string) => {
    const listed = await gatehouse
      .http()
      .get(`/api/consumers?name=${encodeURIComponent(name)}&stage=any`)
      .expect(200);
    return (listed.body as { consumers: { name: string }[] }).consumers.map((consumer) => consumer.name);
  };

  beforeAll(async () => {
    pair = new MariadbPair({ primary: PORTS.primary, replica: PORTS.replica });
    proxy = new TcpProxy(PORTS.proxy, pair.primary);
    replicaProxy = new TcpProxy(PORTS.replicaProxy, pair.replica);
    await pair.start();
    await pair.createDatabase(DATABASE);
    await proxy.start();
    await replicaProxy.start();
    gatehouse = await startTestApp({
      env: {
        DATABASE_URL: `mysql://root@127.0.0.1:${PORTS.proxy}/${DATABASE}`,
        DATABASE_REPLICA_URLS: `mysql://root@127.0.0.1:${PORTS.replicaProxy}/${DATABASE}`,
      },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Replicadev');
    client = await registerOauth2Client(dev, admin, { name: 'Replica app', grantTypes: ['client_credentials'] });
    await pair.caughtUp();
  }, 120_000);

  afterAll(async () => {
    await gatehouse?.close();
    await proxy?.stop();
    await replicaProxy?.stop();
    await pair?.stop();
  }, 60_000);

  it('decides access on the primary while the replica lags, and lists from the replica', async () => {
    const doomed = await registerOauth2Client(dev, admin, { name: 'Doomed app', grantTypes: ['client_credentials'] });
    const token = (await clientToken().expect(200)).body.access_token as string;
    expect((await introspect(token)).body.active).toBe(true);
    await pair.caughtUp();

    await pair.stopReplication();
    try {
      // A revoked token is refused at once, at introspection and by the gateway: neither reads the lagging replica.
      await postForm(gatehouse, '/oauth2/revoke', { token }, client).expect(200);
      expect((await introspect(token)).body).toEqual({ active: false });
      await gatehouse.http().get('/gateway/verify').set('Authorization', `Bearer ${token}`).expect(401);

      // A consumer disabled now can no longer authenticate.
      await admin.agent
        .post(`/api/admin/consumers/${doomed.clientId}/disable`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'disabled while the replica lags' })
        .expect(200);
      expect((await clientToken(doomed).expect(401)).body.error).toBe('invalid_client');

      // The listing reads the replica: it does not show yet what the primary already holds.
      await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name: 'Written while lagging',
          version: '1.0',
          description: 'proposed while the replica lags',
          email: dev.email,
          grants: ['basic'],
          callbackUrl: 'https://app.example/callback',
        })
        .expect(201);
      expect(await listedNames('Written while lagging')).toEqual([]);
    } finally {
      await pair.startReplication();
    }
    await pair.caughtUp();
    expect(await listedNames('Written while lagging')).toEqual(['Written while lagging']);
  });

  it('answers a cached bearer token from memory while the primary is unreachable and other grants refresh', async () => {
    const user = await createSignedInUser(gatehouse, 'Outageuser');
    // Sign-in only: the consent is asked once, later authorizations are answered at once (as the scale suite's load).
    const app = await registerOauth2Client(dev, admin, {
      name: 'Outage app',
      grants: ['mwoauth-authonly'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    const verify = (token: string) =>
      gatehouse
        .http()
        .get('/gateway/verify')
        .set('Authorization', `Bearer ${token}`)
        .timeout(15_000)
        .ok(() => true);
    const introspectOwn = (token: string) =>
      postForm(gatehouse, '/oauth2/introspect', { token }, app)
        .timeout(15_000)
        .ok(() => true);
    const bearer = (await userTokens(gatehouse, user, app)).access_token;
    const neverChecked = (await clientToken().expect(200)).body.access_token as string;
    expect((await verify(bearer)).status).toBe(200);
    expect((await introspectOwn(bearer)).body.active).toBe(true);

    // Meanwhile the same user authorizes the same app again and again, each grant's refresh token redeemed.
    const refreshed: number[] = [];
    let refreshing = true;
    const load = (async () => {
      while (refreshing) {
        try {
          const tokens = await userTokens(gatehouse, user, app);
          const answer = await postForm(
            gatehouse,
            '/oauth2/token',
            { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
            app,
          )
            .timeout(15_000)
            .ok(() => true);
          refreshed.push(answer.status);
        } catch {
          // The code flow fails while the database is away; the refreshes before the cut are what this is about.
        }
      }
    })();
    const before = await eventually(() => refreshed.filter((status) => status === 200).length >= 2, 20_000);

    proxy.pause();
    try {
      expect(before).toBe(true);
      for (let round = 0; round < 3; round += 1) {
        const verified = await verify(bearer);
        expect(verified.status).toBe(200);
        expect(verified.headers['x-auth-user']).toBe('Outageuser');
        const introspected = await introspectOwn(bearer);
        expect(introspected.status).toBe(200);
        expect(introspected.body).toMatchObject({ active: true, username: 'Outageuser' });
      }
      // A token not cached yet needs the database: 503 with Retry-After, as before.
      const unknown = await verify(neverChecked);
      expect(unknown.status).toBe(503);
      expect(unknown.headers['retry-after']).toBeDefined();
    } finally {
      proxy.resume();
      refreshing = false;
      await load;
    }
    expect(refreshed.filter((status) => status !== 200 && status !== 503)).toEqual([]);
  }, 60_000);

  it('stays ready with the replica down, and shows it in /readyz and the metrics', async () => {
    const replicaUp = async () =>
      /gatehouse_database_replica_up\{replica="0"\} (\d)/.exec(
        (await gatehouse.http().get('/metrics').expect(200)).text,
      )?.[1];
    // The test before paused the primary: ready again once its connections answer (CI once asked too early: 503).
    expect(await eventually(async () => (await gatehouse.http().get('/readyz')).status === 200, 10_000)).toBe(true);
    expect((await gatehouse.http().get('/readyz').expect(200)).body).toEqual({
      status: 'ok',
      database: 'ok',
      cache: 'ok',
      replicas: ['ok'],
    });
    expect(await replicaUp()).toBe('1');

    await replicaProxy.stop();
    try {
      expect((await gatehouse.http().get('/readyz').expect(200)).body).toEqual({
        status: 'ok',
        database: 'ok',
        cache: 'ok',
        replicas: ['unavailable'],
      });
      expect(await replicaUp()).toBe('0');
      // Its reads go to the primary meanwhile.
      expect(await listedNames('Replica app')).toEqual(['Replica app']);
    } finally {
      await replicaProxy.start();
    }
    // The cluster rests a failed server for a second before it tries it again.
    const back = await eventually(
      async () => ((await gatehouse.http().get('/readyz')).body as { replicas?: string[] }).replicas?.[0] === 'ok',
      10_000,
    );
    expect(back).toBe(true);
    expect(await replicaUp()).toBe('1');
  });

  it('reconnects to a promoted replica without a restart; requests during the switch get 503, never 500', async () => {
    // The test before stops and starts the replica: the primary turns semi-synchronous again only once the replica
    // has caught up, and only a commit acknowledged after that is promised to survive the switch.
    expect(await eventually(() => pair.semiSynchronous(), 10_000)).toBe(true);
    const acknowledged = (await clientToken().expect(200)).body.access_token as string;

    const answers: { status: number; retryAfter?: string }[] = [];
    let switching = true;
    const load = (async () => {
      while (switching) {
        const response = await clientToken().ok(() => true);
        answers.push({ status: response.status, retryAfter: response.headers['retry-after'] });
      }
    })();
    await sleep(300);
    expect(await pair.semiSynchronous()).toBe(true);
    await pair.stopPrimary();
    await sleep(1000);
    await pair.promoteReplica();
    proxy.switchTo(pair.replica);
    const healthy = await eventually(async () => (await clientToken()).status === 200, 20_000);
    switching = false;
    await load;

    expect(healthy).toBe(true);
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((answer) => answer.retryAfter !== undefined)).toBe(true);
    // Semi-synchronous replication (AFTER_SYNC): what the old primary acknowledged, the new one has.
    expect((await introspect(acknowledged)).body.active).toBe(true);
    await gatehouse.http().get('/readyz').expect(200);
  }, 60_000);
});
