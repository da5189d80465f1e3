import supertest from 'supertest';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

const EVIL = 'https://evil.example';

/**
 * Login CSRF (RFC 6749 §10.12, OWASP's login CSRF): another site must not sign a browser in, nor use its session. The
 * JSON API reads JSON only, and the session cookie and both logins refuse what a browser says came from another site
 * (`Sec-Fetch-Site`, or `Origin` when that is all it sends).
 */
describe('cross-site sign-in and cookie use are refused', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const credentials = { username: ADMIN.username, password: ADMIN.password };
  const jsonLogin = (headers: Record<string, string> = {}) =>
    gatehouse.http().post('/api/auth/login').set(headers).send(credentials);
  const setsNoSession = (response: { headers: Record<string, string | string[] | undefined> }) =>
    expect([response.headers['set-cookie'] ?? []].flat().join('\n')).not.toContain('gatehouse_session=');
  const errorBody = (code: string) => ({ code, message: expect.any(String), requestId: expect.any(String) });

  it('refuses a form-encoded JSON login, from another site or not, with 415', async () => {
    for (const headers of [{ Origin: EVIL }, { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' }, {}]) {
      const response = await gatehouse
        .http()
        .post('/api/auth/login')
        .set(headers)
        .type('form')
        .send(credentials)
        .expect(415);
      expect(response.body).toEqual(errorBody('unsupported_media_type'));
      setsNoSession(response);
    }
  });

  it('refuses a JSON login sent as text/plain (what a cross-site form can send) with 415', async () => {
    const response = await gatehouse
      .http()
      .post('/api/auth/login')
      .set({ Origin: EVIL, 'Content-Type': 'text/plain' })
      .send(JSON.stringify(credentials))
      .expect(415);
    expect(response.body).toEqual(errorBody('unsupported_media_type'));
    setsNoSession(response);
  });

  it.each([
    ['another Origin', { Origin: EVIL }],
    ['an opaque Origin', { Origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['another Origin despite Sec-Fetch-Site', { Origin: EVIL, 'Sec-Fetch-Site': 'same-origin' }],
  ])('refuses a JSON login with %s with 403', async (_case, headers) => {
    const response = await jsonLogin(headers).expect(403);
    expect(response.body).toEqual(errorBody('csrf_failed'));
    setsNoSession(response);
  });

  it("signs in from the service's own pages and from clients that are not browsers", async () => {
    await jsonLogin({ Origin: gatehouse.url, 'Sec-Fetch-Site': 'same-origin' }).expect(200);
    // Our pages send no referrer, so a browser sends `Origin: null` on their same-origin posts.
    await jsonLogin({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }).expect(200);
    await jsonLogin({ Origin: gatehouse.url }).expect(200);
    await jsonLogin({ 'Sec-Fetch-Site': 'none' }).expect(200);
    await jsonLogin().expect(200);
  });

  it('does not let another site use the session cookie for a change, even with the CSRF token', async () => {
    for (const headers of [{ Origin: EVIL }, { 'Sec-Fetch-Site': 'cross-site' }]) {
      const response = await admin.agent
        .post('/api/auth/logout')
        .set({ 'X-CSRF-Token': admin.csrfToken, ...headers })
        .expect(403);
      expect(response.body).toEqual(errorBody('csrf_failed'));
    }
    await admin.agent.get('/api/me').set('Sec-Fetch-Site', 'cross-site').expect(200);
  });

  describe('the login page', () => {
    async function openForm(agent: ReturnType<typeof supertest.agent>): Promise<string> {
      const page = await agent.get('/login').expect(200);
      return /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
    }

    it.each([
      ['another Origin', { Origin: EVIL }],
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ])('refuses a sign-in posted with %s', async (_case, headers) => {
      const agent = supertest.agent(gatehouse.url);
      const csrf = await openForm(agent);
      const posted = await agent
        .post('/login')
        .set(headers)
        .type('form')
        .send({ ...credentials, csrf })
        .expect(403);
      setsNoSession(posted);
      await agent.get('/api/me').expect(401);
    });

    it('signs in from its own form', async () => {
      const agent = supertest.agent(gatehouse.url);
      const csrf = await openForm(agent);
      await agent
        .post('/login')
        .set({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })
        .type('form')
        .send({ ...credentials, csrf })
        .expect(303);
      await agent.get('/api/me').expect(200);
    });

    it('does not sign out on a post from another site', async () => {
      const user = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const home = await user.agent.get('/').expect(200);
      const csrf = /name="csrf" value="([^"]*)"/.exec(home.text)?.[1];
      await user.agent.post('/logout').set('Sec-Fetch-Site', 'cross-site').type('form').send({ csrf }).expect(303);
      await user.agent.get('/api/me').expect(200);
    });
  });
});
