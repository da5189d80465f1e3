import supertest from 'supertest';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

/** The login page as a browser uses it: a form with a CSRF field, a 303 back to where the user was going. */
describe('login page', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function openForm(agent: ReturnType<typeof supertest.agent>, returnTo?: string) {
    const page = await agent
      .get('/login')
      .query(returnTo ? { returnTo } : {})
      .expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1];
    return { csrf: field('csrf') ?? '', returnTo: field('returnTo') ?? '', text: page.text };
  }

  it('signs in and returns the user to the page they were going to', async () => {
    const agent = supertest.agent(gatehouse.url);
    const target = '/oauth2/authorize?client_id=abc&state=x%20y';
    const form = await openForm(agent, target);
    expect(form.text).toContain('<form method="post" action="/login">');
    expect(form.returnTo).toBe('/oauth2/authorize?client_id=abc&amp;state=x%20y');
    const posted = await agent
      .post('/login')
      .type('form')
      .send({ username: ADMIN.username, password: ADMIN.password, csrf: form.csrf, returnTo: target })
      .expect(303);
    expect(posted.headers.location).toBe(target);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Signed in as <a href="/account/security"><strong>Admin</strong></a>');
    await agent.get('/api/me').expect(200);
  });

  it('refuses a post without the matching CSRF token', async () => {
    const agent = supertest.agent(gatehouse.url);
    await openForm(agent);
    const posted = await agent
      .post('/login')
      .type('form')
      .send({ username: ADMIN.username, password: ADMIN.password, csrf: 'forged' })
      .expect(403);
    expect(posted.text).toContain('Your form expired');
    expect(String(posted.headers['set-cookie'])).not.toContain('gatehouse_session=');
  });

  it('shows the error and keeps the user name on a wrong password', async () => {
    const agent = supertest.agent(gatehouse.url);
    const form = await openForm(agent);
    const posted = await agent
      .post('/login')
      .type('form')
      .send({ username: 'Admin', password: 'wrong', csrf: form.csrf })
      .expect(401);
    expect(posted.text).toContain('Incorrect user name or password');
    expect(posted.text).toContain('value="Admin"');
  });

  it.each(['//evil.example/', 'https://evil.example/', '/\\evil.example'])(
    'never redirects off-site (%s)',
    async (returnTo) => {
      const agent = supertest.agent(gatehouse.url);
      const form = await openForm(agent, returnTo);
      expect(form.returnTo).toBe('/');
      const posted = await agent
        .post('/login')
        .type('form')
        .send({ username: ADMIN.username, password: ADMIN.password, csrf: form.csrf, returnTo })
        .expect(303);
      expect(posted.headers.location).toBe('/');
    },
  );

  it('signs out with the session CSRF token only', async () => {
    const agent = supertest.agent(gatehouse.url);
    const form = await openForm(agent);
    await agent
      .post('/login')
      .type('form')
      .send({ username: ADMIN.username, password: ADMIN.password, csrf: form.csrf })
      .expect(303);
    const home = await agent.get('/').expect(200);
    const csrf = /name="csrf" value="([^"]*)"/.exec(home.text)?.[1];
    await agent.post('/logout').type('form').send({ csrf: 'forged' }).expect(303);
    await agent.get('/api/me').expect(200);
    await agent.post('/logout').type('form').send({ csrf }).expect(303);
    await agent.get('/api/me').expect(401);
  });

  it('cannot be framed', async () => {
    const page = await gatehouse.http().get('/login').expect(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
