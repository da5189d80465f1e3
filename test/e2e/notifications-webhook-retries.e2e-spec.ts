import type { INestApplication, LoggerService } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import {
  CONSUMER_LIFECYCLE_EVENT,
  type ConsumerAction,
  type ConsumerLifecycleEvent,
} from '../../src/common/events/consumer-lifecycle.event';
import { loadConfig } from '../../src/config/load-config';
import { DEFAULT_WEBHOOK_TIMING, WEBHOOK_TIMING, type WebhookTiming } from '../../src/notifications/webhook-timing';
import { type TestApp, startTestApp } from './support/test-app';
import type { SignedIn } from './support/session-client';
import { createSignedInUser } from './support/users';
import { type ReceivedRequest, WebhookReceiver, sleep, waitUntil } from './support/webhook-receiver';

const SECRET = 'webhook-retry-secret-0123456789';

/** Milliseconds instead of seconds, so many retries fit in a test; everything else as in production. */
const FAST: WebhookTiming = {
  ...DEFAULT_WEBHOOK_TIMING,
  pollIntervalMs: 10,
  retry: { baseMs: 5, capMs: 40, jitter: 0.1 },
  timeoutMs: 300,
  batchSize: 2,
};

/** Keeps what the service logs, to check its warnings. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
  error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }
}

/**
 * The retry schedule's far end (20+ failures, the cap, timeouts, shutdown) with fast timing: a second
 * instance of the real application on the same database, built with the timing provider overridden. The
 * first instance (no webhook) serves the HTTP API.
 */
describe('notification webhook retries', () => {
  let receiver: WebhookReceiver;
  let gatehouse: TestApp;
  let owner: SignedIn;
  let ada: SignedIn;
  let consumerId = 0;
  const workers: INestApplication[] = [];

  const startWorker = async (logger = new CapturingLogger(), timing = FAST): Promise<INestApplication> => {
    const config = loadConfig({ ...gatehouse.env, NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(WEBHOOK_TIMING)
      .useValue(timing)
      .compile();
    const worker = moduleRef.createNestApplication({ logger });
    await worker.init();
    workers.push(worker);
    return worker;
  };
  const stopWorker = async (worker: INestApplication): Promise<void> => {
    workers.splice(workers.indexOf(worker), 1);
    await worker.close();
  };
  const publish = (worker: INestApplication, action: ConsumerAction, actor: SignedIn) =>
    worker.get(EventEmitter2).emitAsync(CONSUMER_LIFECYCLE_EVENT, {
      action,
      consumer: {
        id: ++consumerId,
        key: consumerId.toString(16).padStart(32, '0'),
        name: `App ${consumerId}`,
        version: '1.0',
        ownerId: owner.user.id,
        ownerName: owner.user.name,
      },
      actor: { id: actor.user.id, name: actor.user.name },
      comment: '',
      at: new Date(),
    } satisfies ConsumerLifecycleEvent);
  const pendingRows = (): Promise<{ id: number; attempts: number; last_error: string | null }[]> =>
    gatehouse.app
      .get(DataSource)
      .query('SELECT id, attempts, last_error FROM notification_outbox WHERE delivered_at IS NULL ORDER BY id');
  const expectOnceInOrder = (deliveries: ReceivedRequest[], count: number) => {
    const ids = deliveries.map((delivery) => delivery.deliveryId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(deliveries.every((delivery) => delivery.signatureValid)).toBe(true);
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.create(SECRET);
    await receiver.start();
    gatehouse = await startTestApp({ env: { OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin' } });
    owner = await createSignedInUser(gatehouse, 'Owner', { groups: [] });
    ada = await createSignedInUser(gatehouse, 'Ada', { groups: ['oauthadmin'] });
    await createSignedInUser(gatehouse, 'Bea', { groups: ['oauthadmin'] });
  });

  afterEach(() => {
    receiver.answering = () => 200;
  });

  afterAll(async () => {
    for (const worker of [...workers]) {
      await stopWorker(worker);
    }
    await gatehouse.close();
    await receiver.stop();
  });

  it('keeps retrying past 20 failures at the capped delay, warning, and then delivers in order', async () => {
    const logger = new CapturingLogger();
    const worker = await startWorker(logger);
    const first = receiver.requests.length;
    receiver.answering = (n) => (n <= first + 22 ? 503 : 200);
    for (let i = 0; i < 3; i++) {
      await publish(worker, 'propose', owner);
    }
    const requests = (await receiver.waitForRequests(first + 22)).slice(first, first + 22);
    // Without the cap the 22nd try would wait 5 ms × 2^20, over an hour.
    expect(requests[21].at - requests[0].at).toBeLessThan(10_000);
    expect(new Set(requests.map((request) => request.deliveryId)).size).toBe(1);

    const deliveries = (await receiver.waitForDelivered(first + 6)).slice(-6);
    expectOnceInOrder(deliveries, 6);
    expect(deliveries[0].deliveryId).toBe(requests[0].deliveryId);
    const failures = logger.lines.filter((line) => line.includes(`delivery ${requests[0].deliveryId} `));
    expect(failures).toHaveLength(22);
    expect(failures[0]).toMatch(/^log .*failed: HTTP 503; attempt 1, next in \d+ ms$/);
    expect(failures.slice(0, 19).every((line) => line.startsWith('log '))).toBe(true);
    expect(failures.slice(19).every((line) => line.startsWith('warn ') && line.includes('keeps being retried'))).toBe(
      true,
    );
    expect(failures[19]).toContain('Still failing after 20 attempts');
    expect(logger.lines.join('\n')).not.toContain(SECRET);
    await stopWorker(worker);
  });

  it('records why a try failed: no answer in time, a redirect (never followed)', async () => {
    const logger = new CapturingLogger();
    const worker = await startWorker(logger);
    const first = receiver.requests.length;
    receiver.answering = (n) => (n === first + 1 ? 'hang' : n === first + 2 ? 302 : 200);
    await publish(worker, 'approve', ada);
    const [delivery] = (await receiver.waitForDelivered(receiver.delivered.length + 1)).slice(-1);
    const failures = logger.lines.filter((line) => line.includes(`delivery ${delivery.deliveryId} `));
    expect(failures).toEqual([
      expect.stringContaining('failed: no answer within 300 ms; attempt 1'),
      expect.stringContaining('failed: HTTP 302; attempt 2'),
    ]);
    expect(receiver.requests.slice(first).map((request) => request.path)).toEqual([
      '/hooks/gatehouse',
      '/hooks/gatehouse',
      '/hooks/gatehouse',
    ]);
    await stopWorker(worker);
  });

  it('has two instances polling the same rows every few milliseconds send each once', async () => {
    // What is checked is the claim, not the timeout: with FAST's 300 ms, an answer held up by a loaded CI machine
    // counts as a failure and is sent again (at least once, by design), which CI once saw as a duplicate.
    const patient = { ...FAST, timeoutMs: 10_000 };
    const workerA = await startWorker(new CapturingLogger(), patient);
    const workerB = await startWorker(new CapturingLogger(), patient);
    const before = receiver.delivered.length;
    const first = receiver.requests.length;
    for (let i = 0; i < 20; i++) {
      await publish(i % 2 === 0 ? workerA : workerB, 'propose', owner);
    }
    await receiver.waitForDelivered(before + 40);
    await sleep(300);
    expectOnceInOrder(receiver.requests.slice(first), 40);
    expect(await pendingRows()).toEqual([]);
    await stopWorker(workerA);
    await stopWorker(workerB);
  });

  it('lets the try in flight finish on shutdown, and a later instance delivers the rest once', async () => {
    const logger = new CapturingLogger();
    const worker = await startWorker(logger);
    const first = receiver.requests.length;
    receiver.answering = (n) => (n === first + 1 ? 'hang' : 200);
    await publish(worker, 'propose', owner);
    await receiver.waitForRequests(first + 1);
    const closing = Date.now();
    await stopWorker(worker);
    // close() waited for the hanging try to time out and be recorded before the database went away.
    expect(Date.now() - closing).toBeGreaterThan(100);
    expect(logger.lines.filter((line) => line.startsWith('error '))).toEqual([]);
    const pending = await pendingRows();
    expect(pending.map((row) => [row.attempts, row.last_error])).toEqual([
      [1, 'no answer within 300 ms'],
      [0, null],
    ]);

    await startWorker();
    await waitUntil(() => receiver.requests.length >= first + 3, 10_000, 'the two deliveries');
    await sleep(300);
    expectOnceInOrder(receiver.requests.slice(first + 1), 2);
    expect(receiver.requests[first + 1].deliveryId).toBe(receiver.requests[first].deliveryId);
  });
});
