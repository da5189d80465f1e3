import supertest from 'supertest';
import { type Oauth2Client, registerOauth2Client, userTokens } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The main port's fast lane answers the gateway's doors before Express and Nest (issue 12): with what every answer of
 * the main port carries, the request id, the security headers and `no-store`, and in the access log and the metrics.
 */
describe("the main port's fast lane", () => {
  const log = new CapturedLog();
  let gatehouse: TestApp;
  let client: Oauth2Client;
  let userToken: string;

  beforeAll(async () => {
    gatehouse = await startTestApp({ logger: log.logger });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Lanedev');
    const user = await createSignedInUser(gatehouse, 'Laneuser');
    client = await registerOauth2Client(developer, admin, {
      name: 'Lane app',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    userToken = (await userTokens(gatehouse, user, client)).access_token;
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const basic = () => `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`;
  const expectMainPortHeaders = (headers: Record<string, string>, requestId: string) => {
    expect(headers['x-request-id']).toBe(requestId);
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
  };
  const accessLine = (requestId: string) =>
    log.records().find((line) => line.requestId === requestId && line.msg === 'request');

  it('answers the token endpoint, introspection and the decision with the request id and security headers', async () => {
    const token = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .set({ Authorization: basic(), 'X-Request-Id': 'lane-token' })
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    expectMainPortHeaders(token.headers, 'lane-token');
    expect(token.headers.pragma).toBe('no-cache');

    const introspection = await supertest(gatehouse.url)
      .post('/oauth2/introspect')
      .set({ Authorization: basic(), 'X-Request-Id': 'lane-introspect' })
      .type('form')
      .send({ token: userToken })
      .expect(200);
    expect(introspection.body).toMatchObject({ active: true, username: 'Laneuser' });
    expectMainPortHeaders(introspection.headers, 'lane-introspect');

    const decision = await supertest(gatehouse.url)
      .get('/gateway/verify')
      .set({ Authorization: `Bearer ${userToken}`, 'X-Request-Id': 'lane-verify' })
      .expect(200);
    expect(decision.headers['x-auth-user']).toBe('Laneuser');
    expectMainPortHeaders(decision.headers, 'lane-verify');

    const invented = await supertest(gatehouse.url).get('/gateway/verify').set('X-Request-Id', '<script>').expect(401);
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a bad client as RFC 6749 §5.2 says, with a challenge for HTTP Basic (§5.2 invalid_client)', async () => {
    const refused = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .set({ Authorization: `Basic ${Buffer.from(`${client.clientId}:wrong`).toString('base64')}` })
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(401);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
    expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
    expect(refused.headers['x-request-id']).toBeDefined();
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('leaves a form it would not read as Express does to the Nest route', async () => {
    const utf16 = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .set({ Authorization: basic(), 'Content-Type': `${FORM}; charset=utf-16` })
      .send('grant_type=client_credentials')
      .expect(415);
    expect(utf16.body).toMatchObject({ error: 'invalid_request' });
    const json = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .set({ Authorization: basic() })
      .send({ grant_type: 'client_credentials' })
      .expect(400);
    expect(json.body).toMatchObject({ error: 'invalid_request' });
  });

  it('writes the access log line and the metrics of each door', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accessLine('lane-token')).toMatchObject({
      context: 'Http',
      method: 'POST',
      path: '/oauth2/token',
      status: 200,
    });
    expect(accessLine('lane-introspect')).toMatchObject({ method: 'POST', path: '/oauth2/introspect', status: 200 });
    expect(accessLine('lane-verify')).toMatchObject({
      method: 'GET',
      path: '/gateway/verify',
      status: 200,
      user: 'Laneuser',
    });
    const metrics = await supertest(gatehouse.url).get('/metrics').expect(200);
    for (const series of [
      'method="POST",route="/oauth2/token",status="200"',
      'method="POST",route="/oauth2/token",status="401"',
      'method="POST",route="/oauth2/introspect",status="200"',
      'method="GET",route="/gateway/verify",status="200"',
    ]) {
      expect(metrics.text).toMatch(new RegExp(`gatehouse_http_request_duration_seconds_count\\{${series}\\} [1-9]`));
    }
  });
});
