import supertest from 'supertest';
import { authorizationCode, postForm, registerOauth2Client } from './support/oauth2-client';
import { RedisSentinelSet } from './support/redis-sentinel';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { uniqueSuffix } from './support/test-environment';
import { createSignedInUser } from './support/users';

// Below the system's range for outgoing connections (32768-60999), where any client socket may hold a port: CI once
// found 47502 taken. The fault suite uses 22400-22499, the scale suite 22500 and up.
const BASE_PORT = 22300;
const FAILOVER_LIMIT_MS = 20_000;

/**
 * CACHE_URL=redis+sentinel:// against a master, a replica and three Sentinels of this test's own. The master is
 * killed; the service follows the failover without a restart, refuses a code spent before it, and answers the
 * single-use steps meanwhile with 503, never 500 and never a second set of tokens.
 */
describe('Redis Sentinel failover', () => {
  const redis = new RedisSentinelSet(BASE_PORT);
  let gatehouse: TestApp;

  beforeAll(async () => {
    await redis.start();
    gatehouse = await startTestApp({ env: { CACHE_URL: redis.url, CACHE_PREFIX: `hE-sentinel-${uniqueSuffix()}:` } });
  }, 60_000);

  afterAll(async () => {
    await gatehouse?.close();
    await redis.stop();
  });

  it('follows the failover, keeps sessions, codes and tokens, and never lets a spent code be spent again', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Sentineldev');
    const client = await registerOauth2Client(developer, admin, { name: 'Sentinel app' });
    const spent = await authorizationCode(developer, client);
    const exchange = (code: { code: string; verifier: string }) =>
      postForm(
        gatehouse,
        '/oauth2/token',
        {
          grant_type: 'authorization_code',
          code: code.code,
          code_verifier: code.verifier,
          redirect_uri: 'https://app.example/callback',
        },
        client,
      );
    const tokens = await exchange(spent).expect(200);
    const bearer = `Bearer ${tokens.body.access_token as string}`;
    const unspent = await authorizationCode(developer, client);
    // Redis replicates asynchronously: a write acknowledged just before the master dies can be lost
    // (docs/operations.md); here the writes are on the replica before the kill.
    await redis.replicated();

    redis.killMaster();
    const statuses = new Map<number, number>();
    const started = Date.now();
    let failedOver = false;
    let slowestBearerCheck = 0;
    while (!failedOver) {
      expect(Date.now() - started).toBeLessThan(FAILOVER_LIMIT_MS);
      const asked = Date.now();
      const [replay, me] = await Promise.all([
        exchange(spent),
        supertest(gatehouse.url)
          .get('/api/me')
          .set('Authorization', bearer)
          .then((answer) => ({ answer, ms: Date.now() - asked })),
      ]);
      statuses.set(replay.status, (statuses.get(replay.status) ?? 0) + 1);
      if (replay.status === 503) {
        expect(replay.headers['retry-after']).toMatch(/^\d+$/);
        expect(replay.body.error).toBe('temporarily_unavailable');
      } else {
        expect(replay.status).toBe(400);
        expect(replay.body.error).toBe('invalid_grant');
      }
      // Bearer tokens are checked against the database and process caches: no Redis needed, and no waiting for a
      // new master.
      expect(me.answer.status).toBe(200);
      slowestBearerCheck = Math.max(slowestBearerCheck, me.ms);
      failedOver = (await redis.currentMasterPort()) === redis.replicaPort && replay.status === 400;
    }
    // Every replay was refused: 503 while no master answered, or invalid_grant. How many of each depends on the
    // timing (a command may wait out a quick promotion and be answered by the new master; CI once saw no 503), so
    // only the refusals are asserted here; redis-outage.e2e-spec and the fault suite assert the 503 itself.
    expect([...statuses.keys()].filter((status) => status !== 503 && status !== 400)).toEqual([]);
    expect(slowestBearerCheck).toBeLessThan(3000);

    await supertest(gatehouse.url).get('/readyz').expect(200);
    // The code issued before the failover is still there, once.
    await exchange(unspent).expect(200);
    await exchange(unspent).expect(400);
    // The session (in Redis) survived: the user goes through the authorization again without signing in.
    const after = await authorizationCode(developer, client);
    await exchange(after).expect(200);
  }, 60_000);
});
