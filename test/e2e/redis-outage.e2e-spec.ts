import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { untilRedisAnswers } from './support/redis-ping';
import supertest from 'supertest';
import { type Oauth1Credentials, approvedOauth1Consumer, sendSigned } from './support/oauth1-client';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  postForm,
  registerOauth2Client,
} from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { temporaryDirectory, uniqueSuffix } from './support/test-environment';
import { createSignedInUser } from './support/users';

const REDIS_PORT = 47540;
const INITIATE = '/w/index.php?title=Special:OAuth/initiate';

/**
 * With its Redis gone, the service refuses for now every step that needs a single-use decision — in each protocol's
 * own error format, 503 with Retry-After, never 500 — while bearer checks and introspection keep answering from the
 * database.
 */
describe('the service while Redis does not answer', () => {
  let redis: ChildProcess;
  let gatehouse: TestApp;
  let client: Oauth2Client;
  let tool: Oauth1Credentials;
  let code: { code: string; verifier: string };
  let accessToken: string;
  let developer: Awaited<ReturnType<typeof createSignedInUser>>;

  beforeAll(async () => {
    redis = spawn(
      'redis-server',
      ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: temporaryDirectory(), stdio: 'ignore' },
    );
    await untilRedisAnswers(REDIS_PORT);
    gatehouse = await startTestApp({
      env: { CACHE_URL: `redis://127.0.0.1:${REDIS_PORT}`, CACHE_PREFIX: `hE-outage-${uniqueSuffix()}:` },
    });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    developer = await createSignedInUser(gatehouse, 'Outagedev');
    client = await registerOauth2Client(developer, admin, { name: 'Outage app' });
    tool = await approvedOauth1Consumer(developer, admin, 'Outage tool');
    const first = await authorizationCode(developer, client);
    const tokens = await exchange(first).expect(200);
    accessToken = tokens.body.access_token as string;
    code = await authorizationCode(developer, client);

    const exited = once(redis, 'exit');
    redis.kill('SIGKILL');
    await exited;
  }, 60_000);

  afterAll(async () => {
    await gatehouse?.close();
    redis?.kill('SIGKILL');
  });

  function exchange(grant: { code: string; verifier: string }) {
    return postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'authorization_code', code: grant.code, code_verifier: grant.verifier, redirect_uri: CALLBACK },
      client,
    );
  }

  it('answers an OAuth 2 code exchange 503 temporarily_unavailable with Retry-After', async () => {
    const answer = await exchange(code).expect(503);
    expect(answer.headers['retry-after']).toMatch(/^\d+$/);
    expect(answer.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  });

  it("answers OAuth 1 /initiate 503 in MediaWiki's format with Retry-After", async () => {
    const call = { method: 'GET' as const, target: `${INITIATE}&format=json`, extra: { oauth_callback: 'oob' } };
    const answer = await sendSigned(gatehouse.url, tool, call).expect(503);
    expect(answer.headers['retry-after']).toMatch(/^\d+$/);
    expect(answer.body).toMatchObject({ error: 'mwoauth-storage-unavailable' });
  });

  it('keeps checking bearer tokens and answering introspection from the database', async () => {
    await supertest(gatehouse.url).get('/api/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
    const introspected = await postForm(gatehouse, '/oauth2/introspect', { token: accessToken }, client).expect(200);
    expect(introspected.body.active).toBe(true);
  });

  it('answers API requests signed in by a session (kept in Redis) 503 with Retry-After', async () => {
    const api = await developer.agent.get('/api/me').expect(503);
    expect(api.headers['retry-after']).toMatch(/^\d+$/);
    expect(api.body).toMatchObject({ code: 'service_unavailable' });
  });

  it('reports itself not ready', async () => {
    const readiness = await supertest(gatehouse.url).get('/readyz').expect(503);
    expect(readiness.body.cache).toBe('unavailable');
  });
});
