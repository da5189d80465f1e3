import supertest from 'supertest';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { signIn } from './support/session-client';
import { backend } from './support/test-environment';

describe('sign-in over the JSON API', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('signs the bootstrap admin in, with the sysop rights, and a hardened session cookie', async () => {
    const response = await gatehouse.http().post('/api/auth/login').send(ADMIN).expect(200);
    expect(response.body.user).toMatchObject({ name: 'Admin', groups: ['sysop'] });
    expect(response.body.user.rights).toEqual(
      expect.arrayContaining(['userrights', 'mwoauthmanageconsumer', 'mwoauthsuppress', 'mwoauthviewsuppressed']),
    );
    expect(response.body.csrfToken).toMatch(/^[0-9a-f]{32}$/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^gatehouse_session=[0-9a-f]{64};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('answers GET /api/me for the signed-in caller', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const me = await admin.agent.get('/api/me').expect(200);
    expect(me.body).toEqual({
      id: admin.user.id,
      name: 'Admin',
      email: '',
      groups: ['sysop'],
      rights: expect.arrayContaining(['userrights', 'mwoauthproposeconsumer']),
    });
  });

  it('accepts the user name in any MediaWiki spelling', async () => {
    await gatehouse.http().post('/api/auth/login').send({ username: 'admin', password: ADMIN.password }).expect(200);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'Admin', password: 'nope' })
      .expect(401);
    const unknown = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'Nobody', password: 'nope' })
      .expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('needs a session for /api/me', async () => {
    const response = await gatehouse.http().get('/api/me').expect(401);
    expect(response.body).toEqual({
      code: 'not_authenticated',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    await gatehouse
      .http()
      .get('/api/me')
      .set('Cookie', `gatehouse_session=${'0'.repeat(64)}`)
      .expect(401);
  });

  it('needs the CSRF token on cookie-authenticated unsafe calls', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const missing = await admin.agent.post('/api/auth/logout').expect(403);
    expect(missing.body.code).toBe('csrf_failed');
    await admin.agent.post('/api/auth/logout').set('X-CSRF-Token', 'f'.repeat(32)).expect(403);
    await admin.agent.get('/api/me').expect(200);
  });

  it('logs out: the session stops working', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const cookie = admin.agent.jar.getCookies({ path: '/', domain: '127.0.0.1', secure: false, script: false })[0];
    await admin.agent.post('/api/auth/logout').set('X-CSRF-Token', admin.csrfToken).expect(204);
    await supertest(gatehouse.url).get('/api/me').set('Cookie', `gatehouse_session=${cookie.value}`).expect(401);
  });

  it('marks the session cookie Secure when the public URL is https', async () => {
    const behindTls = await startTestApp({ env: { PUBLIC_URL: 'https://auth.example.com' } });
    try {
      const response = await behindTls.http().post('/api/auth/login').send(ADMIN).expect(200);
      expect(String(response.headers['set-cookie'])).toContain('Secure');
    } finally {
      await behindTls.close();
    }
  });

  it.runIf(backend.redisUrl)('shares sessions between two instances on the same Redis', async () => {
    const second = await startTestApp({ shareWith: gatehouse });
    try {
      const login = await gatehouse.http().post('/api/auth/login').send(ADMIN).expect(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0];
      const me = await second.http().get('/api/me').set('Cookie', cookie).expect(200);
      expect(me.body.name).toBe('Admin');
    } finally {
      await second.close();
    }
  });
});
