import supertest from 'supertest';
import { MariadbPair } from '../support/mariadb-pair';
import { TcpProxy } from '../support/tcp-proxy';
import { eventually, sleep } from '../faults/support/processes';
import { type Oauth2Client, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** This file's ports, in the range kept for it (22000-22499): the pair's two servers and the proxy before them. */
const PORTS = { primary: 22000, replica: 22001, proxy: 22002 };
const DATABASE = 'gatehouse';

/**
 * Issue 24, item 2: DATABASE_URL names a proxy before the primary, DATABASE_REPLICA_URLS the replica. It runs on both
 * passes of `npm test`: it needs mariadbd, which it starts itself, not the pass's database.
 */
describe.skipIf(missingComponent('mariadb-server'))('MariaDB primary and replica', () => {
  let pair: MariadbPair;
  let proxy: TcpProxy;
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
    await pair.start();
    await pair.createDatabase(DATABASE);
    await proxy.start();
    gatehouse = await startTestApp({
      env: {
        DATABASE_URL: `mysql://root@127.0.0.1:${PORTS.proxy}/${DATABASE}`,
        DATABASE_REPLICA_URLS: pair.url(pair.replica, DATABASE),
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

  it('reconnects to a promoted replica without a restart; requests during the switch get 503, never 500', async () => {
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
