import { Writable } from 'node:stream';
import { PinoLogger } from '../../src/common/logging/pino-logger';
import { CALLBACK, authorizationCode, postForm, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** Structured logs: one JSON line per request with its id, and never a password, session or token. */
describe('logs', () => {
  const lines: string[] = [];
  let gatehouse: TestApp;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    gatehouse = await startTestApp({ logger: new PinoLogger('debug', sink) });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('writes a JSON access line per request, with the request id and without secrets', async () => {
    const login = await gatehouse
      .http()
      .post('/api/auth/login')
      .set('X-Request-Id', 'log-test-1')
      .send(ADMIN)
      .expect(200);
    const session = String(login.headers['set-cookie']).split(';')[0].split('=')[1];
    await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'Admin', password: 'wrong-secret-password' })
      .expect(401);
    await gatehouse
      .http()
      .get('/api/me?token=query-secret-value')
      .set('Authorization', 'Bearer header-secret-value')
      .expect(401);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const access = records.find((record) => record.requestId === 'log-test-1');
    expect(access).toMatchObject({
      context: 'Http',
      method: 'POST',
      path: '/api/auth/login',
      status: 200,
      msg: 'request',
    });
    expect(records.some((record) => record.path === '/api/me' && record.status === 401)).toBe(true);

    const everything = lines.join('\n');
    for (const secret of [
      ADMIN.password,
      'wrong-secret-password',
      session,
      login.body.csrfToken,
      'query-secret-value',
      'header-secret-value',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('never logs an OAuth 2 secret, code, verifier or token, also when a code is replayed', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Logdev');
    const client = await registerOauth2Client(developer, admin, { name: 'Logged app' });
    const { code, verifier } = await authorizationCode(developer, client);
    const exchange = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK };
    const tokens = await postForm(gatehouse, '/oauth2/token', exchange, client).expect(200);
    await postForm(gatehouse, '/oauth2/token', exchange, client).expect(400);
    await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      {
        clientId: client.clientId,
        secret: 'wrong-client-secret',
      },
    ).expect(401);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const everything = lines.join('\n');
    expect(everything).toContain('code-replay');
    for (const secret of [
      client.secret as string,
      'wrong-client-secret',
      code,
      verifier,
      tokens.body.access_token as string,
      tokens.body.refresh_token as string,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
