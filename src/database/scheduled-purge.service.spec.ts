import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ROWS_PURGED_EVENT } from '../common/events/rows-purged.event';
import type { AppConfig } from '../config/app-config';
import type { PurgeBatches } from './batched-delete';
import type { JobLeaseRepository } from './job-lease.repository';
import { PURGE_MAX_BATCHES, ScheduledPurge } from './scheduled-purge.service';

/** The lease table's rules, in memory: shared by the instances of one test as the database would be. */
class MemoryLeases {
  readonly rows = new Map<string, { holder: string; expiresAt: number }>();

  acquire(name: string, holder: string, now: number, until: number): Promise<boolean> {
    const row = this.rows.get(name);
    const free = !row || row.expiresAt <= now || row.holder === holder;
    if (free) {
      this.rows.set(name, { holder, expiresAt: until });
    }
    return Promise.resolve(free);
  }

  renew(name: string, holder: string, until: number): Promise<boolean> {
    const row = this.rows.get(name);
    if (row?.holder !== holder) {
      return Promise.resolve(false);
    }
    row.expiresAt = until;
    return Promise.resolve(true);
  }

  release(name: string, holder: string): Promise<void> {
    const row = this.rows.get(name);
    if (row?.holder === holder) {
      row.expiresAt = 0;
    }
    return Promise.resolve();
  }
}

function config(schedule: string | undefined): AppConfig {
  return { retention: { schedule, batchSize: 2, tokenRetention: 0 } } as AppConfig;
}

describe('ScheduledPurge', () => {
  let leases: MemoryLeases;
  let scheduler: SchedulerRegistry;
  let events: EventEmitter2;

  beforeEach(() => {
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    leases = new MemoryLeases();
    scheduler = new SchedulerRegistry();
    events = new EventEmitter2();
  });

  afterEach(() => {
    for (const name of scheduler.getCronJobs().keys()) {
      scheduler.deleteCronJob(name);
    }
    vi.restoreAllMocks();
  });

  /** An instance of the service; `{}` is PURGE_SCHEDULE=off. */
  function instance({ schedule }: { schedule?: string } = { schedule: '*/5 * * * *' }): ScheduledPurge {
    return new ScheduledPurge(leases as unknown as JobLeaseRepository, scheduler, events, config(schedule));
  }

  it('registers each job on PURGE_SCHEDULE, and none when it is off', () => {
    instance({ schedule: '30 2 * * *' }).schedule('tokens', () => Promise.resolve());
    expect(scheduler.getCronJob('tokens').cronTime.source).toBe('30 2 * * *');
    instance({}).schedule('outbox', () => Promise.resolve());
    expect(scheduler.doesExist('cron', 'outbox')).toBe(false);
  });

  it('runs with the lease and the configured batches, then reports, publishes and releases', async () => {
    const published = vi.fn();
    events.on(ROWS_PURGED_EVENT, published);
    const purge = vi.fn((batches: PurgeBatches) => {
      expect(batches).toMatchObject({ size: 2, max: PURGE_MAX_BATCHES });
      expect(leases.rows.get('tokens')?.expiresAt).toBeGreaterThan(Date.now());
      return Promise.resolve({ things: { rows: 3, batches: 2 } });
    });
    expect(await instance().run('tokens', purge)).toEqual({ things: { rows: 3, batches: 2 } });
    expect(purge).toHaveBeenCalledOnce();
    expect(published).toHaveBeenCalledWith({ job: 'tokens', rows: { things: 3 } });
    expect(leases.rows.get('tokens')?.expiresAt).toBe(0);
  });

  it('skips a run while another instance holds the lease, and takes it once that one released it', async () => {
    const [first, second] = [instance(), instance()];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const held = first.run('tokens', () => {
      inside();
      return new Promise((resolve) => (finish = () => resolve({})));
    });
    await entered;
    const purge = vi.fn(() => Promise.resolve({}));
    expect(await second.run('tokens', purge)).toBeUndefined();
    expect(await first.run('tokens', purge)).toBeUndefined();
    expect(purge).not.toHaveBeenCalled();
    finish();
    await held;
    expect(await second.run('tokens', purge)).toEqual({});
  });

  it('renews the lease between batches, and stops the purge once it is lost', async () => {
    const answers: boolean[] = [];
    await instance().run('tokens', async (batches) => {
      answers.push(await batches.next());
      leases.rows.set('tokens', { holder: 'another instance', expiresAt: Date.now() + 60_000 });
      answers.push(await batches.next());
      return {};
    });
    expect(answers).toEqual([true, false]);
    expect(leases.rows.get('tokens')?.holder).toBe('another instance');
  });

  it('releases the lease when a purge fails', async () => {
    const purge = instance();
    await expect(purge.run('tokens', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(leases.rows.get('tokens')?.expiresAt).toBe(0);
  });

  it('lets the run in flight stop after its batch at shutdown, and starts none after', async () => {
    const purge = instance();
    let answer: boolean | undefined;
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const run = purge.run('tokens', async (batches) => {
      inside();
      answer = await batches.next();
      return {};
    });
    await entered;
    await purge.beforeApplicationShutdown();
    await run;
    expect(answer).toBe(false);
    expect(await purge.run('tokens', () => Promise.resolve({}))).toBeUndefined();
  });
});
