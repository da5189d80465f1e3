import { type Oauth2Client, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const OWNER = { name: 'Hiddenowner', password: 'Hiddenowner-password-1' };
const APP_NAME = 'Quietly suppressed app';

interface Notification {
  id: number;
  consumer: { key: string; name: string } | null;
  readAt: string | null;
}

/**
 * One visibility rule for every listing (issue 19 row 12; reference §1.7 and §2.5): a suppressed consumer is hidden
 * from everyone without `mwoauthviewsuppressed`, its owner included, on every JSON, MediaWiki REST and HTML listing
 * and in the notifications about it; a viewer with the right sees all of them.
 */
describe('a suppressed consumer is hidden everywhere from viewers without mwoauthviewsuppressed', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let owner: SignedIn & { email: string };
  let client: Oauth2Client;
  let approvalNotice: Notification;

  const notifications = async (who: SignedIn) =>
    (await who.agent.get('/api/me/notifications').expect(200)).body as {
      notifications: Notification[];
      unreadCount: number;
    };
  const unreadCount = async (who: SignedIn): Promise<number> =>
    ((await who.agent.get('/api/me/notifications/unread-count').expect(200)).body as { unreadCount: number })
      .unreadCount;

  /** Every place a consumer shows up for its owner, answering whether this one does. */
  const sightings = async (who: SignedIn) => {
    const key = client.clientId;
    const mine = (await who.agent.get('/api/me/consumers').expect(200)).body as {
      consumers: { consumerKey: string }[];
    };
    const listed = (await who.agent.get('/api/consumers?stage=disabled').expect(200)).body as {
      consumers: { consumerKey: string }[];
    };
    const restList = async (path: string) => {
      const body = (await who.agent.get(path).expect(200)).body as {
        clients: { client_key: string }[];
        total: number;
      };
      return { listed: body.clients.some((entry) => entry.client_key === key), total: body.total };
    };
    const inbox = await notifications(who);
    const html = async (path: string) => (await who.agent.get(path).expect(200)).text.includes(APP_NAME);
    return {
      myConsumers: mine.consumers.some((consumer) => consumer.consumerKey === key),
      publicList: listed.consumers.some((consumer) => consumer.consumerKey === key),
      detail: (await who.agent.get(`/api/consumers/${key}`)).status,
      restConsumers: await restList('/oauth2/consumers'),
      restClient: await restList('/oauth2/client'),
      restAlias: await restList('/w/rest.php/oauth2/client'),
      notifications: inbox.notifications.filter((entry) => entry.consumer?.key === key).length,
      unreadCount: inbox.unreadCount === (await unreadCount(who)) ? inbox.unreadCount : 'inconsistent',
      markRead: (
        await who.agent.post(`/api/me/notifications/${approvalNotice.id}/read`).set('X-CSRF-Token', who.csrfToken)
      ).status,
      myAppsPage: await html('/consumers/mine'),
      publicListPage: await html('/consumers?stage=disabled'),
      detailPage: (await who.agent.get(`/consumers/${key}`)).status,
      notificationsPage: await html('/notifications'),
    };
  };

  beforeAll(async () => {
    gatehouse = await startTestApp({
      env: { GROUP_PERMISSIONS: JSON.stringify({ suppressionviewer: { mwoauthviewsuppressed: true } }) },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    owner = await createSignedInUser(gatehouse, OWNER.name);
    client = await registerOauth2Client(owner, admin, { name: APP_NAME });
    [approvalNotice] = (await notifications(owner)).notifications.filter(
      (entry) => entry.consumer?.key === client.clientId,
    );
    await admin.agent
      .post(`/api/admin/consumers/${client.clientId}/disable`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'Abusive', suppress: true })
      .expect(200);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('hides it from its own owner on every listing, detail, notification and page', async () => {
    expect(approvalNotice).toBeDefined();
    expect(await sightings(owner)).toEqual({
      myConsumers: false,
      publicList: false,
      detail: 404,
      restConsumers: { listed: false, total: 0 },
      restClient: { listed: false, total: 0 },
      restAlias: { listed: false, total: 0 },
      notifications: 0,
      unreadCount: 0,
      markRead: 404,
      myAppsPage: false,
      publicListPage: false,
      detailPage: 404,
      notificationsPage: false,
    });
    // Marking everything read touches no hidden entry either.
    const readAll = await owner.agent
      .post('/api/me/notifications/read-all')
      .set('X-CSRF-Token', owner.csrfToken)
      .expect(200);
    expect(readAll.body).toEqual({ marked: 0 });
  });

  it('shows it, with its notifications, to the same owner once they hold mwoauthviewsuppressed', async () => {
    await admin.agent
      .put(`/api/admin/users/${owner.user.id}/groups`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups: ['suppressionviewer'] })
      .expect(200);
    const privileged = await signIn(gatehouse, OWNER.name, OWNER.password);
    expect(await sightings(privileged)).toEqual({
      myConsumers: true,
      publicList: true,
      detail: 200,
      restConsumers: { listed: true, total: 1 },
      restClient: { listed: true, total: 1 },
      restAlias: { listed: true, total: 1 },
      // Still both unread: the owner's "mark all read" while they were hidden left them alone.
      notifications: 2,
      unreadCount: 2,
      markRead: 200,
      myAppsPage: true,
      publicListPage: true,
      detailPage: 200,
      notificationsPage: true,
    });
  });
});
