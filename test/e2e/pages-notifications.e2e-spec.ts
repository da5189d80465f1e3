import supertest from 'supertest';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** The inbox page: proposals reach the notified admins, who mark them read by form; the header's badge follows. */
describe('notifications page', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let ada: SignedIn & { email: string };
  let bea: SignedIn & { email: string };

  const propose = async (name: string): Promise<string> =>
    (
      await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name,
          version: '1.0',
          description: `${name} does things`,
          email: dev.email,
          callbackUrl: 'https://app.example/cb',
          grants: ['basic'],
        })
        .expect(201)
    ).body.consumer.consumerKey;
  const unreadIds = async (who: SignedIn): Promise<number[]> =>
    ((await who.agent.get('/api/me/notifications?unread=true').expect(200)).body.notifications as { id: number }[]).map(
      (entry) => entry.id,
    );
  const badge = (page: string): string | undefined => /<span class="gh-badge"[^>]*>(\d+)<\/span>/.exec(page)?.[1];
  const post = (who: SignedIn, path: string, csrf = who.csrfToken) => who.agent.post(path).type('form').send({ csrf });

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin' } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Inboxdev');
    ada = await createSignedInUser(gatehouse, 'Inboxada', { groups: ['oauthadmin'] });
    bea = await createSignedInUser(gatehouse, 'Inboxbea', { groups: ['oauthadmin'] });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  beforeEach(async () => {
    for (const who of [ada, bea]) {
      await who.agent.post('/api/me/notifications/read-all').set('X-CSRF-Token', who.csrfToken).expect(200);
    }
  });

  it('lists a proposal as unread with its review link, and marks it read by form', async () => {
    const key = await propose('Inbox App');
    const page = await ada.agent.get('/notifications').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Inboxdev proposed a new OAuth app: Inbox App');
    expect(page.text).toContain('Reason: Inbox App does things');
    expect(page.text).toContain(`href="/admin/consumers/${key}"`);
    expect(page.text).toContain('gh-unread');
    expect(page.text).toContain('Unread');
    expect(badge(page.text)).toBe('1');

    const [id] = await unreadIds(ada);
    expect(page.text).toContain(`action="/notifications/${id}/read"`);
    const marked = await post(ada, `/notifications/${id}/read`).expect(303);
    expect(marked.headers.location).toBe('/notifications');
    const after = await ada.agent.get('/notifications').expect(200);
    expect(after.text).toContain('Inbox App');
    expect(after.text).not.toContain('gh-unread');
    expect(after.text).not.toContain('Mark as read');
    expect(badge(after.text)).toBeUndefined();
    expect(await unreadIds(ada)).toEqual([]);
  });

  it('marks all read at once, and the badge on every page goes', async () => {
    await propose('Inbox Two');
    await propose('Inbox Three');
    const home = await ada.agent.get('/').expect(200);
    expect(badge(home.text)).toBe('2');
    const page = await ada.agent.get('/notifications').expect(200);
    expect(page.text.indexOf('Inbox Three')).toBeLessThan(page.text.indexOf('Inbox Two'));
    expect(page.text).toContain('action="/notifications/read-all"');

    const marked = await post(ada, '/notifications/read-all').expect(303);
    expect(marked.headers.location).toBe('/notifications');
    expect(badge((await ada.agent.get('/').expect(200)).text)).toBeUndefined();
    expect(await unreadIds(ada)).toEqual([]);
    // Bea's copies are her own.
    expect(await unreadIds(bea)).toHaveLength(2);
  });

  it("cannot mark another user's notification, nor mark without the form token", async () => {
    await propose('Inbox Four');
    const [beas] = await unreadIds(bea);
    const refused = await post(ada, `/notifications/${beas}/read`).expect(404);
    expect(refused.text).toContain('You have no notification');
    await post(ada, '/notifications/999999/read').expect(404);
    await post(bea, `/notifications/${beas}/read`, 'wrong').expect(403);
    await post(bea, '/notifications/read-all', 'wrong').expect(403);
    expect(await unreadIds(bea)).toEqual([beas]);
  });

  it('pages 20 at a time, and sends signed-out visitors to sign in', async () => {
    for (let i = 1; i <= 21; i++) {
      await propose(`Paged ${i}`);
    }
    const first = await bea.agent.get('/notifications').expect(200);
    expect(first.text).toContain('Paged 21');
    expect(first.text).not.toContain('Paged 1<');
    const next = /href="(\/notifications\?cursor=\d+)"/.exec(first.text)?.[1];
    expect(next).toBeDefined();
    const second = await bea.agent.get(next as string).expect(200);
    expect(second.text).toContain('Paged 1<');
    await bea.agent.get('/notifications?cursor=abc').expect(400);

    const visitor = await supertest(gatehouse.url).get('/notifications').expect(303);
    expect(visitor.headers.location).toBe('/login?returnTo=%2Fnotifications');
    expect((await admin.agent.get('/notifications').expect(200)).text).toContain('You have no notifications.');
  });
});
