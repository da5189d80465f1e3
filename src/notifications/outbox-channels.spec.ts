import type { OutboxEntity } from './outbox.entity';
import type { OutboxRepository } from './outbox.repository';
import { OutboxChannels } from './outbox-channels';
import { DEFAULT_WEBHOOK_TIMING } from './webhook-timing';

/** An outbox of rows in memory, with the repository's claim/mark semantics the dispatcher relies on. */
function memoryOutbox(rows: OutboxEntity[]) {
  const repository = {
    due: (channel: string, now: Date) =>
      Promise.resolve(
        rows.filter((row) => row.channel === channel && row.deliveredAt === null && row.nextAttemptAt <= now),
      ),
    claim: (row: OutboxEntity, leaseUntil: Date) => {
      row.nextAttemptAt = leaseUntil;
      return Promise.resolve(true);
    },
    markDelivered: (id: number, attempts: number, at: Date) => {
      Object.assign(rows.find((row) => row.id === id) as OutboxEntity, { attempts, deliveredAt: at });
      return Promise.resolve();
    },
    markFailed: (id: number, attempts: number, error: string, nextAttemptAt: Date) => {
      Object.assign(rows.find((row) => row.id === id) as OutboxEntity, { attempts, lastError: error, nextAttemptAt });
      return Promise.resolve();
    },
    markAbandoned: (id: number, attempts: number, error: string, at: Date) => {
      Object.assign(rows.find((row) => row.id === id) as OutboxEntity, {
        attempts,
        deliveredAt: at,
        lastError: `abandoned: ${error}`,
      });
      return Promise.resolve();
    },
  };
  return repository as unknown as OutboxRepository;
}

function row(id: number, createdAt: Date): OutboxEntity {
  return {
    id,
    channel: 'test-channel',
    destination: `http://127.0.0.1/${id}`,
    notificationId: null,
    event: 'test',
    payload: '{}',
    attempts: 0,
    nextAttemptAt: new Date(0),
    deliveredAt: null,
    lastError: null,
    createdAt,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

describe('OutboxChannels', () => {
  const timing = { ...DEFAULT_WEBHOOK_TIMING, pollIntervalMs: 5, retry: { baseMs: 60_000, capMs: 60_000, jitter: 0 } };

  it('sends each due row to its own destination, and one failing receiver holds up no other', async () => {
    const rows = [row(1, new Date()), row(2, new Date())];
    const channels = new OutboxChannels(memoryOutbox(rows), timing);
    const sent: string[] = [];
    channels.register(
      'test-channel',
      (message) => {
        sent.push(message.destination);
        return Promise.resolve(
          message.id === 1 ? { delivered: false as const, error: 'HTTP 503' } : { delivered: true as const },
        );
      },
      { giveUpAfterMs: 3600_000 },
    );
    channels.onApplicationBootstrap();
    await settle();
    await channels.beforeApplicationShutdown();
    expect(sent).toEqual(['http://127.0.0.1/1', 'http://127.0.0.1/2']);
    expect(rows[0]).toMatchObject({ attempts: 1, deliveredAt: null, lastError: 'HTTP 503' });
    expect(rows[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(rows[1].deliveredAt).toBeInstanceOf(Date);
  });

  it('abandons a message its receiver has not taken within the channel’s time', async () => {
    const rows = [row(1, new Date(Date.now() - 2 * 3600_000))];
    const channels = new OutboxChannels(memoryOutbox(rows), timing);
    channels.register('test-channel', () => Promise.resolve({ delivered: false, error: 'HTTP 503' }), {
      giveUpAfterMs: 3600_000,
    });
    channels.onApplicationBootstrap();
    await settle();
    await channels.beforeApplicationShutdown();
    expect(rows[0]).toMatchObject({ attempts: 1, lastError: 'abandoned: HTTP 503' });
    expect(rows[0].deliveredAt).toBeInstanceOf(Date);
  });

  it('refuses to register the webhook channel or a channel twice', () => {
    const channels = new OutboxChannels(memoryOutbox([]), timing);
    const deliver = () => Promise.resolve({ delivered: true as const });
    expect(() => channels.register('webhook', deliver, { giveUpAfterMs: 1 })).toThrow('taken');
    channels.register('test-channel', deliver, { giveUpAfterMs: 1 });
    expect(() => channels.register('test-channel', deliver, { giveUpAfterMs: 1 })).toThrow('taken');
  });
});
