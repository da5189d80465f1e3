import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import {
  CONSUMER_LIFECYCLE_EVENT,
  type ConsumerAction,
  type ConsumerLifecycleEvent,
} from '../../src/common/events/consumer-lifecycle.event';
import { type TestApp, startTestApp } from './support/test-app';
import type { SignedIn } from './support/session-client';
import { createSignedInUser } from './support/users';
import { type ReceivedRequest, WebhookReceiver, sleep } from './support/webhook-receiver';

const SECRET = 'webhook-test-secret-0123456789';

interface OutboxRow {
  id: number;
  notification_id: number;
  attempts: number;
  last_error: string | null;
  delivered_at: Date | string | null;
}

/**
 * Webhook delivery from the outbox with the service's real timing (1 s polls, back-off from 1 s), through a
 * local receiver that checks every signature.
 */
describe('notification webhook', () => {
  let receiver: WebhookReceiver;
  let gatehouse: TestApp;
  let owner: SignedIn;
  let ada: SignedIn;
  let bea: SignedIn;
  let consumerId = 0;

  const publish = (app: TestApp, action: ConsumerAction, actor: SignedIn, name = `App ${consumerId + 1}`) =>
    app.app.get(EventEmitter2).emitAsync(CONSUMER_LIFECYCLE_EVENT, {
      action,
      consumer: {
        id: ++consumerId,
        key: consumerId.toString(16).padStart(32, '0'),
        name,
        version: '2.1',
        ownerId: owner.user.id,
        ownerName: owner.user.name,
      },
      actor: { id: actor.user.id, name: actor.user.name },
      comment: `${action} comment`,
      at: new Date(),
    } satisfies ConsumerLifecycleEvent);
  const outbox = (): Promise<OutboxRow[]> =>
    gatehouse.app
      .get(DataSource)
      .query('SELECT id, notification_id, attempts, last_error, delivered_at FROM notification_outbox ORDER BY id');
  const inboxIds = async (who: SignedIn): Promise<number[]> =>
    (await who.agent.get('/api/me/notifications?limit=100').expect(200)).body.notifications.map(
      (entry: { id: number }) => entry.id,
    );
  /** The requests from `from` on, once `count` of them were accepted and a further poll brought nothing new. */
  const settledDeliveries = async (from: number, count: number): Promise<ReceivedRequest[]> => {
    await receiver.waitForDelivered(from + count);
    await sleep(2500);
    return receiver.delivered.slice(from);
  };
  const expectOnceInOrder = (deliveries: ReceivedRequest[], count: number) => {
    const ids = deliveries.map((delivery) => delivery.deliveryId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const notificationIds = deliveries.map((delivery) => (JSON.parse(delivery.body) as { id: number }).id);
    expect(notificationIds).toEqual([...notificationIds].sort((a, b) => a - b));
    expect(deliveries.every((delivery) => delivery.signatureValid)).toBe(true);
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.create(SECRET);
    await receiver.start();
    gatehouse = await startTestApp({
      env: { OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin', NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET },
    });
    owner = await createSignedInUser(gatehouse, 'Owner', { groups: [] });
    ada = await createSignedInUser(gatehouse, 'Ada', { groups: ['oauthadmin'] });
    bea = await createSignedInUser(gatehouse, 'Bea', { groups: ['oauthadmin'] });
  });

  afterAll(async () => {
    await gatehouse.close();
    await receiver.stop();
  });

  it('POSTs every notification once, as signed JSON with its event and delivery id', async () => {
    await publish(gatehouse, 'propose', owner, 'Foo');
    await publish(gatehouse, 'approve', ada, 'Foo');
    const deliveries = await settledDeliveries(0, 3);
    expectOnceInOrder(deliveries, 3);
    expect(receiver.requests).toHaveLength(3);
    expect(deliveries.map((delivery) => [delivery.path, delivery.contentType, delivery.event])).toEqual([
      ['/hooks/gatehouse', 'application/json', 'oauth-app-propose'],
      ['/hooks/gatehouse', 'application/json', 'oauth-app-propose'],
      ['/hooks/gatehouse', 'application/json', 'oauth-app-approve'],
    ]);
    const bodies = deliveries.map((delivery) => JSON.parse(delivery.body));
    expect(bodies[0]).toEqual({
      id: expect.any(Number),
      type: 'oauth-app-propose',
      recipient: { id: ada.user.id, name: 'Ada' },
      message: 'Owner proposed a new OAuth app: Foo',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      action: 'propose',
      consumer: { key: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Foo', version: '2.1' },
      owner: { id: owner.user.id, name: 'Owner' },
      actor: { id: owner.user.id, name: 'Owner' },
      comment: 'propose comment',
    });
    expect(bodies[1].recipient).toEqual({ id: bea.user.id, name: 'Bea' });
    expect(bodies[2]).toMatchObject({
      type: 'oauth-app-approve',
      recipient: { id: owner.user.id, name: 'Owner' },
      message: 'Ada approved your OAuth app (Foo)',
    });
    expect(bodies.map((body) => body.id)).toEqual([
      (await inboxIds(ada))[0],
      (await inboxIds(bea))[0],
      (await inboxIds(owner))[0],
    ]);
    const rows = await outbox();
    expect(rows.map((row) => [row.attempts, row.last_error, row.delivered_at !== null])).toEqual([
      [1, null, true],
      [1, null, true],
      [1, null, true],
    ]);
    expect(rows.map((row) => row.id)).toEqual(deliveries.map((delivery) => delivery.deliveryId));
  });

  it('keeps everything while the receiver is down, then delivers each once, in creation order', async () => {
    await receiver.stop();
    const before = receiver.delivered.length;
    for (let i = 0; i < 3; i++) {
      await publish(gatehouse, 'propose', owner);
    }
    await sleep(2500);
    const pending = (await outbox()).filter((row) => row.delivered_at === null);
    expect(pending).toHaveLength(6);
    // Only the oldest row was tried: nothing overtakes it.
    expect(pending[0]).toMatchObject({ last_error: 'network error ECONNREFUSED' });
    expect(pending[0].attempts).toBeGreaterThanOrEqual(1);
    expect(pending.slice(1).map((row) => row.attempts)).toEqual([0, 0, 0, 0, 0]);

    await receiver.start();
    const deliveries = await settledDeliveries(before, 6);
    expectOnceInOrder(deliveries, 6);
    expect(deliveries.map((delivery) => delivery.deliveryId)).toEqual(pending.map((row) => row.id));
  });

  it('retries a receiver that answers 503 for a while, the oldest row first', async () => {
    const firstRequest = receiver.requests.length;
    const before = receiver.delivered.length;
    receiver.answering = (n) => (n <= firstRequest + 2 ? 503 : 200);
    try {
      await publish(gatehouse, 'propose', owner);
      await publish(gatehouse, 'approve', bea);
      const deliveries = await settledDeliveries(before, 3);
      expectOnceInOrder(deliveries, 3);
      const refused = receiver.requests.slice(firstRequest, firstRequest + 2);
      expect(refused.map((request) => [request.answer, request.deliveryId])).toEqual([
        [503, deliveries[0].deliveryId],
        [503, deliveries[0].deliveryId],
      ]);
      const head = (await outbox()).find((row) => row.id === deliveries[0].deliveryId);
      expect(head).toMatchObject({ attempts: 3, last_error: null });
    } finally {
      receiver.answering = () => 200;
    }
  });

  it('has two instances sharing the database send each row once', async () => {
    const second = await startTestApp({ shareWith: gatehouse });
    const before = receiver.delivered.length;
    const firstRequest = receiver.requests.length;
    receiver.latencyMs = 40;
    try {
      expect(second.config.notifications.webhookUrl).toBe(receiver.url);
      for (let i = 0; i < 10; i++) {
        await publish(i % 2 === 0 ? gatehouse : second, 'propose', owner);
      }
      const deliveries = await settledDeliveries(before, 20);
      expectOnceInOrder(deliveries, 20);
      expect(receiver.requests.slice(firstRequest)).toHaveLength(20);
    } finally {
      receiver.latencyMs = 0;
      await second.close();
    }
    expect((await outbox()).filter((row) => row.delivered_at === null)).toEqual([]);
  });
});
