import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  CONSUMER_LIFECYCLE_EVENT,
  type ConsumerAction,
  type ConsumerLifecycleEvent,
} from '../../src/common/events/consumer-lifecycle.event';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';
import { createSignedInUser } from './support/users';

type Consumer = ConsumerLifecycleEvent['consumer'];

/**
 * The inbox, driven by lifecycle events published on the app's own event emitter (as `consumers` does after
 * each committed change) and read back through the API as each user.
 */
describe('notifications inbox', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let owner: SignedIn;
  let ada: SignedIn;
  let bea: SignedIn;
  let sam: SignedIn;
  let consumerId = 0;

  const setGroups = (user: SignedIn, groups: string[]) =>
    admin.agent
      .put(`/api/admin/users/${user.user.id}/groups`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups })
      .expect(200);
  const consumerOf = (who: SignedIn, name = `App ${consumerId + 1}`): Consumer => ({
    id: ++consumerId,
    key: consumerId.toString(16).padStart(32, '0'),
    name,
    version: '1.0',
    ownerId: who.user.id,
    ownerName: who.user.name,
  });
  const publish = (action: ConsumerAction, consumer: Consumer, actor: SignedIn, comment = `${action} reason`) =>
    gatehouse.app.get(EventEmitter2).emitAsync(CONSUMER_LIFECYCLE_EVENT, {
      action,
      consumer,
      actor: { id: actor.user.id, name: actor.user.name },
      comment,
      at: new Date(),
    } satisfies ConsumerLifecycleEvent);
  const inbox = async (who: SignedIn, query = '') =>
    (await who.agent.get(`/api/me/notifications${query}`).expect(200)).body;
  const unread = async (who: SignedIn): Promise<number> =>
    (await who.agent.get('/api/me/notifications/unread-count').expect(200)).body.unreadCount;
  const markRead = (who: SignedIn, id: number | string) =>
    who.agent.post(`/api/me/notifications/${id}/read`).set('X-CSRF-Token', who.csrfToken);
  const readAll = (who: SignedIn) =>
    who.agent.post('/api/me/notifications/read-all').set('X-CSRF-Token', who.csrfToken).expect(200);

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin' } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    owner = await createSignedInUser(gatehouse, 'Owner', { groups: [] });
    ada = await createSignedInUser(gatehouse, 'Ada', { groups: ['oauthadmin'] });
    bea = await createSignedInUser(gatehouse, 'Bea', { groups: ['oauthadmin'] });
    sam = await createSignedInUser(gatehouse, 'Sam', { groups: ['sysop'] });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  beforeEach(async () => {
    for (const user of [owner, ada, bea, sam]) {
      await readAll(user);
    }
  });

  it('tells every member of the notified groups of a proposal, but not the owner or other groups', async () => {
    const foo = consumerOf(owner, 'Foo');
    await publish('propose', foo, owner, 'Does foo things');
    for (const member of [ada, bea]) {
      const page = await inbox(member, '?unread=true');
      expect(page).toEqual({
        notifications: [
          {
            id: expect.any(Number),
            type: 'oauth-app-propose',
            consumer: { key: foo.key, name: 'Foo', version: '1.0' },
            actor: { id: owner.user.id, name: 'Owner' },
            comment: 'Does foo things',
            message: 'Owner proposed a new OAuth app: Foo',
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
            readAt: null,
          },
        ],
        unreadCount: 1,
      });
      expect(await unread(member)).toBe(1);
    }
    expect(await unread(owner)).toBe(0);
    expect(await unread(sam)).toBe(0);
  });

  it('leaves out a notified-group member who proposes, and follows current membership', async () => {
    await setGroups(sam, ['oauthadmin']);
    await setGroups(bea, []);
    try {
      await publish('propose', consumerOf(ada), ada);
      expect(await unread(ada)).toBe(0);
      expect(await unread(bea)).toBe(0);
      expect((await inbox(sam, '?unread=true')).notifications).toMatchObject([
        { type: 'oauth-app-propose', message: expect.stringMatching(/^Ada proposed/) },
      ]);
    } finally {
      await setGroups(sam, ['sysop']);
      await setGroups(bea, ['oauthadmin']);
    }
  });

  it.each([
    ['approve', 'Ada approved your OAuth app (Bar)'],
    ['reject', 'Ada rejected your OAuth app (Bar)'],
    ['disable', 'Ada disabled your OAuth app (Bar)'],
    ['reenable', 'Ada re-enabled your OAuth app (Bar)'],
    ['update', 'Ada updated the OAuth app Bar'],
  ] as const)('tells only the owner of %s by someone else', async (action, message) => {
    await publish(action, consumerOf(owner, 'Bar'), ada, 'Because');
    const page = await inbox(owner, '?unread=true');
    expect(page.notifications).toMatchObject([
      { type: `oauth-app-${action}`, message, comment: 'Because', actor: { id: ada.user.id, name: 'Ada' } },
    ]);
    for (const other of [ada, bea, sam]) {
      expect(await unread(other)).toBe(0);
    }
  });

  it.each(['approve', 'reject', 'disable', 'reenable', 'update'] as const)(
    'tells nobody of %s by the owner',
    async (action) => {
      await setGroups(owner, ['oauthadmin']);
      try {
        await publish(action, consumerOf(owner), owner);
        for (const user of [owner, ada, bea, sam]) {
          expect(await unread(user)).toBe(0);
        }
      } finally {
        await setGroups(owner, []);
      }
    },
  );

  it.each(['propose-autoapproved', 'create-owner-only', 'suppress'] as const)('tells nobody of %s', async (action) => {
    await publish(action, consumerOf(owner), ada);
    for (const user of [owner, ada, bea, sam]) {
      expect(await unread(user)).toBe(0);
    }
  });

  it('drops the proposal entries once the proposal was handled, as Echo stops showing them', async () => {
    const baz = consumerOf(owner, 'Baz');
    const other = consumerOf(owner, 'Other');
    await publish('propose', baz, owner);
    await publish('propose', other, owner);
    const [, bazEntry] = (await inbox(bea)).notifications;
    await markRead(bea, bazEntry.id).expect(200);
    await publish('propose', consumerOf(owner, 'Qux'), owner);
    expect(await unread(bea)).toBe(2);

    await publish('approve', baz, ada);
    await publish('reject', other, ada);
    await publish('suppress', other, ada);
    for (const member of [ada, bea]) {
      const names = (await inbox(member)).notifications.map(
        (entry: { consumer: { name: string } }) => entry.consumer.name,
      );
      expect(names).toContain('Qux');
      expect(names).not.toContain('Baz');
      expect(names).not.toContain('Other');
    }
    expect(await unread(bea)).toBe(1);
    await markRead(bea, bazEntry.id).expect(404);
    expect((await inbox(owner, '?unread=true')).notifications.map((entry: { type: string }) => entry.type)).toEqual([
      'oauth-app-reject',
      'oauth-app-approve',
    ]);
  });

  it('marks one notification read, once; another user’s or an unknown id is the same 404', async () => {
    await publish('propose', consumerOf(owner), owner);
    const [adaEntry] = (await inbox(ada, '?unread=true')).notifications;
    const [beaEntry] = (await inbox(bea, '?unread=true')).notifications;

    const first = await markRead(ada, adaEntry.id).expect(200);
    expect(first.body).toMatchObject({ ...adaEntry, readAt: expect.any(String) });
    expect(await unread(ada)).toBe(0);
    const again = await markRead(ada, adaEntry.id).expect(200);
    expect(again.body.readAt).toBe(first.body.readAt);

    const foreign = await markRead(ada, beaEntry.id).expect(404);
    const unknown = await markRead(ada, 99_999_999).expect(404);
    for (const response of [foreign, unknown]) {
      expect(response.body).toEqual({
        code: 'notification_not_found',
        message: expect.any(String),
        requestId: expect.any(String),
      });
    }
    expect(foreign.body.message.replace(String(beaEntry.id), 'N')).toBe(unknown.body.message.replace('99999999', 'N'));
    expect(await unread(bea)).toBe(1);
  });

  it('marks all read and says how many', async () => {
    await publish('propose', consumerOf(owner), owner);
    await publish('propose', consumerOf(owner), owner);
    expect((await readAll(ada)).body).toEqual({ marked: 2 });
    expect((await readAll(ada)).body).toEqual({ marked: 0 });
    expect(await unread(ada)).toBe(0);
    expect(await unread(bea)).toBe(2);
  });

  it('pages newest first by cursor, with unread filtering', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `Paged ${i}`);
    for (const name of names) {
      await publish('approve', consumerOf(owner, name), ada);
    }
    await markRead(owner, (await inbox(owner, '?limit=1')).notifications[0].id).expect(200);

    // 24 unread in pages of 8: exactly three pages, the last one without a cursor (no empty fourth page).
    const pages: { notifications: { id: number; consumer: { name: string } }[]; nextCursor?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await inbox(owner, `?unread=true&limit=8${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.unreadCount).toBe(24);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.notifications.length)).toEqual([8, 8, 8]);
    const seen = pages.flatMap((page) => page.notifications);
    expect(seen.map((entry) => entry.consumer.name)).toEqual(names.slice(0, 24).reverse());
    expect(seen.map((entry) => entry.id)).toEqual(seen.map((entry) => entry.id).sort((a, b) => b - a));

    const firstPage = await inbox(owner);
    expect(firstPage.notifications).toHaveLength(20);
    expect(firstPage.notifications[0]).toMatchObject({ consumer: { name: 'Paged 24' }, readAt: expect.any(String) });
    expect(firstPage.nextCursor).toBe(String(firstPage.notifications[19].id));
  });

  it.each([['?unread=yes'], ['?limit=0'], ['?limit=101'], ['?cursor=abc'], ['?cursor=0'], ['?userId=1']])(
    'refuses the query %s with 400',
    async (query) => {
      const response = await owner.agent.get(`/api/me/notifications${query}`).expect(400);
      expect(response.body.code).toBe('validation_failed');
    },
  );

  it('needs a signed-in caller, the CSRF token on changes, and a numeric id', async () => {
    await gatehouse.http().get('/api/me/notifications').expect(401);
    await gatehouse.http().get('/api/me/notifications/unread-count').expect(401);
    await gatehouse.http().post('/api/me/notifications/read-all').expect(401);
    await owner.agent.post('/api/me/notifications/read-all').expect(403);
    await owner.agent.post('/api/me/notifications/1/read').expect(403);
    await markRead(owner, 'abc').expect(400);
  });

  it('never fails the publisher: an event the inbox cannot store is logged and dropped', async () => {
    const ghost = { ...consumerOf(owner), ownerId: 99_999_999, ownerName: 'Ghost' };
    await expect(publish('approve', ghost, ada)).resolves.toBeDefined();
    await publish('approve', consumerOf(owner, 'After'), ada);
    expect((await inbox(owner, '?unread=true')).notifications).toMatchObject([{ consumer: { name: 'After' } }]);
  });

  it('documents the inbox in OpenAPI', async () => {
    const document = (await gatehouse.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/me/notifications',
        '/api/me/notifications/unread-count',
        '/api/me/notifications/read-all',
        '/api/me/notifications/{id}/read',
      ]),
    );
    expect(Object.keys(document.paths['/api/me/notifications/{id}/read'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
  });
});
