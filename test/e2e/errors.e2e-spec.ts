import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';

describe('bad input gets a clear 4xx, never a 500', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await gatehouse
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(response.body).toEqual({ code: 'invalid_json', message: expect.any(String), requestId: expect.any(String) });
  });

  it('answers a huge body with 413', async () => {
    const response = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'x'.repeat(200_000), password: 'y' })
      .expect(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('answers wrong types and missing fields with 400 naming them', async () => {
    const response = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: ['a'] })
      .expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.message).toContain('username');
    expect(response.body.message).toContain('password');
  });

  it('answers an array body with 400', async () => {
    await gatehouse.http().post('/api/auth/login').send([1, 2]).expect(400);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await gatehouse.http().get('/api/nothing-here').expect(404);
    expect(response.body.code).toBe('not_found');
  });

  it('echoes a sane request id and makes one up otherwise', async () => {
    const echoed = await gatehouse.http().get('/api/me').set('X-Request-Id', 'trace-123').expect(401);
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    expect(echoed.body.requestId).toBe('trace-123');
    const invented = await gatehouse.http().get('/api/me').set('X-Request-Id', '<script>').expect(401);
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await gatehouse.http().get('/healthz').expect(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps working after all of that', async () => {
    await admin.agent.get('/api/me').expect(200);
  });
});
