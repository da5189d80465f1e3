import { Writable } from 'node:stream';
import { PinoLogger } from '../../src/common/logging/pino-logger';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

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
});
