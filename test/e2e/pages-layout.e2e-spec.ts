import supertest from 'supertest';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

/** The frame every page shares: one stylesheet built on Codex's tokens, and a header fitted to the viewer. */
describe('page layout', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it("serves one stylesheet with Codex's design tokens, revalidated by ETag", async () => {
    const sheet = await supertest(gatehouse.url).get('/assets/gatehouse.css').expect(200);
    expect(sheet.headers['content-type']).toContain('text/css');
    expect(sheet.text).toContain('--color-progressive');
    expect(sheet.text).toContain('.cdx-button');
    await supertest(gatehouse.url).get('/assets/gatehouse.css').set('If-None-Match', sheet.headers.etag).expect(304);
  });

  it('shows a signed-out visitor the way in, and a signed-in admin the links their rights open', async () => {
    const visitor = await supertest(gatehouse.url).get('/').expect(200);
    expect(visitor.text).toContain('href="/login"');
    expect(visitor.text).not.toContain('href="/admin/consumers"');
    expect(visitor.headers['cache-control']).toBe('no-store');

    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const page = await admin.agent.get('/').expect(200);
    expect(page.text).toContain('Signed in as <a href="/account/security"><strong>Admin</strong></a>');
    for (const link of [
      '/consumers',
      '/consumers/register',
      '/grants',
      '/admin/consumers',
      '/admin/users',
      '/notifications',
    ]) {
      expect(page.text).toContain(`href="${link}"`);
    }
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/gatehouse.css" />');
  });

  it('does not treat an API credential as a person on the pages', async () => {
    const page = await supertest(gatehouse.url).get('/').set('Authorization', 'Bearer not-a-token').expect(200);
    expect(page.text).toContain('href="/login"');
  });
});
