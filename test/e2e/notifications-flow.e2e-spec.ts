import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';
import { createSignedInUser } from './support/users';
import { WebhookReceiver, sleep } from './support/webhook-receiver';

const SECRET = 'webhook-flow-secret-0123456789';

/** The whole path: proposals and reviews through the consumers API reach the inbox and a receiver that was down. */
describe('notifications of the review workflow', () => {
  let receiver: WebhookReceiver;
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn;
  let ada: SignedIn;

  const propose = async (body: object): Promise<string> =>
    (
      await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({ version: '1.0', description: 'A test application', email: 'dev@example.com', ...body })
        .expect(201)
    ).body.consumer.consumerKey;
  const review = (who: SignedIn, key: string, action: string, body: object) =>
    who.agent.post(`/api/admin/consumers/${key}/${action}`).set('X-CSRF-Token', who.csrfToken).send(body).expect(200);
  const messages = async (who: SignedIn): Promise<string[]> =>
    (await who.agent.get('/api/me/notifications').expect(200)).body.notifications.map(
      (entry: { message: string }) => entry.message,
    );

  beforeAll(async () => {
    receiver = await WebhookReceiver.create(SECRET);
    gatehouse = await startTestApp({
      env: { OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin', NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Dev', { groups: [] });
    ada = await createSignedInUser(gatehouse, 'Ada', { groups: ['oauthadmin'] });
  });

  afterAll(async () => {
    await gatehouse.close();
    await receiver.stop();
  });

  it('notifies reviewers of proposals and the owner of decisions, and the webhook catches up', async () => {
    const app = await propose({
      oauthVersion: 2,
      name: 'Flow App',
      callbackUrl: 'https://app.example/cb',
      grants: ['editpage'],
    });
    const tool = await propose({
      oauthVersion: 1,
      name: 'Flow Tool',
      callbackUrl: 'https://tool.example/cb',
      grants: ['basic'],
    });
    await propose({ oauthVersion: 1, name: 'Flow Own', ownerOnly: true, grants: ['basic'] });
    expect(await messages(ada)).toEqual([
      'Dev proposed a new OAuth app: Flow Tool',
      'Dev proposed a new OAuth app: Flow App',
    ]);
    expect(await messages(admin)).toEqual([]);
    expect(await messages(dev)).toEqual([]);

    await review(ada, app, 'approve', { reason: 'Looks fine' });
    await review(admin, tool, 'reject', { reason: 'Spam', suppress: true });
    // Suppressed, Flow Tool is hidden from its owner, and so is the notice about it (one visibility rule).
    expect(await messages(dev)).toEqual(['Ada approved your OAuth app (Flow App)']);
    expect(await messages(ada)).toEqual([]);

    await sleep(1500);
    await receiver.start();
    const deliveries = await receiver.waitForDelivered(4);
    await sleep(2000);
    expect(receiver.delivered).toHaveLength(4);
    expect(deliveries.every((delivery) => delivery.signatureValid)).toBe(true);
    expect(deliveries.map((delivery) => JSON.parse(delivery.body).message)).toEqual([
      'Dev proposed a new OAuth app: Flow App',
      'Dev proposed a new OAuth app: Flow Tool',
      'Ada approved your OAuth app (Flow App)',
      'Admin rejected your OAuth app (Flow Tool)',
    ]);
  });
});
