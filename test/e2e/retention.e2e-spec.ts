import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { DataSource, Like } from 'typeorm';
import { ConsumerDirectory } from '../../src/consumers/consumer-directory';
import { JobLeaseRepository } from '../../src/database/job-lease.repository';
import { OutboxEntity } from '../../src/notifications/outbox.entity';
import { OutboxPurgeJob } from '../../src/notifications/outbox-purge.job';
import { CodeRedemptionEntity } from '../../src/oauth2/authorize/code-redemption.entity';
import { AccessTokenEntity } from '../../src/oauth2/tokens/access-token.entity';
import { RefreshTokenEntity } from '../../src/oauth2/tokens/refresh-token.entity';
import { TOKEN_PURGE_JOB, TokenPurgeJob } from '../../src/oauth2/tokens/token-purge.job';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (offset: number) => new Date(Date.now() + offset);

/**
 * The scheduled purge of dead rows (DESIGN §12), run by hand on two instances of one deployment sharing the
 * database: what goes and what stays, the bounded batches, and the lease that lets one instance purge at a time.
 */
describe('Retention: the purge of dead rows', () => {
  let first: TestApp;
  let second: TestApp;
  let client: Oauth2Client;
  let consumerId: number;
  let user: SignedIn;
  // Every row a test inserts carries this test's own marker, so assertions ignore the rows the flows make.
  let marker: string;
  const log = new CapturedLog();

  beforeAll(async () => {
    const env = { PURGE_SCHEDULE: 'off', PURGE_BATCH_SIZE: '2', TOKEN_RETENTION: 'P1D' };
    // Nest's loggers write through the last app created in the process: both instances get the one that is read.
    first = await startTestApp({ env, logger: log.logger });
    second = await startTestApp({ shareWith: first, env: { ...env, PUBLIC_URL: first.url }, logger: log.logger });
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Purgedev');
    client = await registerOauth2Client(developer, admin, { name: 'Purged app' });
    consumerId = (await first.app.get(ConsumerDirectory).findByKey(client.clientId))?.id as number;
    user = await createSignedInUser(first, 'Purgeuser');
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  beforeEach(() => {
    marker = randomBytes(4).toString('hex');
  });

  const accessTokens = () => first.app.get(DataSource).getRepository(AccessTokenEntity);
  const refreshTokens = () => first.app.get(DataSource).getRepository(RefreshTokenEntity);
  const codeRedemptions = () => first.app.get(DataSource).getRepository(CodeRedemptionEntity);
  const outbox = () => first.app.get(DataSource).getRepository(OutboxEntity);

  async function insertAccessTokens(rows: Record<string, { expires: Date; revoked?: boolean }>): Promise<void> {
    await accessTokens().insert(
      Object.entries(rows).map(([name, row]) => ({
        identifier: `${marker}-${name}`,
        expires: row.expires,
        acceptanceId: 0,
        consumerId,
        revoked: row.revoked ?? false,
        familyId: null,
      })),
    );
  }

  async function remainingAccessTokens(): Promise<string[]> {
    const rows = await accessTokens().find({ where: { identifier: Like(`${marker}-%`) } });
    return rows.map((row) => row.identifier.slice(marker.length + 1)).sort();
  }

  it('deletes token rows expired for longer than TOKEN_RETENTION, revoked or used or not, in bounded batches', async () => {
    await insertAccessTokens({
      dead1: { expires: at(-2 * DAY) },
      dead2: { expires: at(-2 * DAY), revoked: true },
      dead3: { expires: at(-3 * DAY) },
      dead4: { expires: at(-30 * DAY), revoked: true },
      dead5: { expires: at(-25 * HOUR) },
      live: { expires: at(HOUR) },
      revokedLive: { expires: at(HOUR), revoked: true },
      revokedWithinRetention: { expires: at(-HOUR), revoked: true },
      expiredWithinRetention: { expires: at(-23 * HOUR) },
      ownerOnly: { expires: at(1000 * 365 * DAY) },
    });
    const refresh = (name: string, expires: Date, state: { rotatedAt?: Date; revoked?: boolean } = {}) => ({
      tokenHash: `${marker}-${name}`.padEnd(64, '0'),
      accessTokenJti: `${marker}-${name}`,
      acceptanceId: 0,
      consumerId,
      userId: null,
      scopes: ['basic'],
      familyId: marker,
      expires,
      rotatedAt: state.rotatedAt ?? null,
      revoked: state.revoked ?? false,
    });
    await refreshTokens().insert([
      refresh('rotatedDead', at(-2 * DAY), { rotatedAt: at(-20 * DAY) }),
      refresh('revokedDead', at(-2 * DAY), { revoked: true }),
      refresh('unusedDead', at(-5 * DAY)),
      // Reuse detection needs a rotated token until it expires; a revoked one is refused either way.
      refresh('rotatedLive', at(20 * DAY), { rotatedAt: at(-HOUR) }),
      refresh('revokedLive', at(20 * DAY), { revoked: true }),
      refresh('rotatedWithinRetention', at(-HOUR), { rotatedAt: at(-2 * DAY) }),
    ]);

    // A code's redemption row: a replay is recognised until it expires, and the row goes after the retention.
    const redemption = (name: string, expires: Date) => ({ codeHash: `${marker}-${name}`.padEnd(64, '0'), expires });
    await codeRedemptions().insert([
      redemption('dead', at(-2 * DAY)),
      redemption('live', at(HOUR)),
      redemption('expiredWithinRetention', at(-HOUR)),
    ]);

    const report = await first.app.get(TokenPurgeJob).runOnce();

    // Batches of two: five dead access tokens take three DELETEs, three refresh tokens two.
    expect(report).toEqual({
      oauth2_access_tokens: { rows: 5, batches: 3 },
      oauth2_refresh_tokens: { rows: 3, batches: 2 },
      oauth2_code_redemptions: { rows: 1, batches: 1 },
    });
    const redemptionsLeft = await codeRedemptions().find({ where: { codeHash: Like(`${marker}-%`) } });
    expect(redemptionsLeft.map((row) => row.codeHash.slice(marker.length + 1).replace(/0+$/, '')).sort()).toEqual(
      ['expiredWithinRetention', 'live'].sort(),
    );
    expect(await remainingAccessTokens()).toEqual(
      ['expiredWithinRetention', 'live', 'ownerOnly', 'revokedLive', 'revokedWithinRetention'].sort(),
    );
    const refreshLeft = await refreshTokens().find({ where: { familyId: marker } });
    expect(refreshLeft.map((row) => row.accessTokenJti.slice(marker.length + 1)).sort()).toEqual(
      ['revokedLive', 'rotatedLive', 'rotatedWithinRetention'].sort(),
    );
    const metrics = await first.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/gatehouse_purged_rows_total\{table="oauth2_access_tokens"\} [1-9]/);
    const runs = log.lines.filter((line) => line.includes('purged dead rows'));
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0])).toMatchObject({
      level: 30,
      context: 'ScheduledPurge',
      job: TOKEN_PURGE_JOB,
      purged: report,
    });
    expect(runs[0]).not.toContain(marker);
  });

  it('deletes webhook deliveries a week after delivery, never an undelivered one', async () => {
    const row = (name: string, deliveredAt: Date | null) => ({
      notificationId: null,
      event: `${marker}-${name}`,
      payload: '{}',
      attempts: deliveredAt ? 1 : 40,
      nextAttemptAt: at(-30 * DAY),
      deliveredAt,
      lastError: null,
      createdAt: at(-30 * DAY),
    });
    await outbox().insert([
      row('old1', at(-8 * DAY)),
      row('old2', at(-9 * DAY)),
      row('old3', at(-30 * DAY)),
      row('recent', at(-HOUR)),
      row('failing', null),
    ]);
    expect(await first.app.get(OutboxPurgeJob).runOnce()).toEqual({ notification_outbox: { rows: 3, batches: 2 } });
    const left = await outbox().find({ where: { event: Like(`${marker}-%`) } });
    expect(left.map((kept) => kept.event.slice(marker.length + 1)).sort()).toEqual(['failing', 'recent']);
  });

  it('still refuses a revoked token at every door once its row is gone', async () => {
    const tokens = await userTokens(first, user, client);
    const bearer = { Authorization: `Bearer ${tokens.access_token}` };
    await postForm(first, '/oauth2/revoke', { token: tokens.access_token }, client).expect(200);
    const jti = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as { jti: string };
    // Only an expired token's row is ever purged; here the row is made to look expired while the token is not, to
    // show that a missing row never counts as a live token.
    await accessTokens().update({ identifier: jti.jti }, { expires: at(-2 * DAY) });
    await first.app.get(TokenPurgeJob).runOnce();
    expect(await accessTokens().countBy({ identifier: jti.jti })).toBe(0);
    for (const instance of [first, second]) {
      await supertest(instance.url).get('/api/me').set(bearer).expect(401);
      await supertest(instance.url).get('/gateway/verify').set(bearer).expect(401);
      const introspection = await postForm(instance, '/oauth2/introspect', { token: tokens.access_token }, client);
      expect(introspection.body).toEqual({ active: false });
    }
  });

  it('gives a lease to exactly one of two instances asking at the same moment, free or expired', async () => {
    const leases = [first, second].map((instance) => instance.app.get(JobLeaseRepository));
    for (let round = 0; round < 10; round += 1) {
      const job = `${marker}-race-${round}`;
      const ask = () => {
        const now = Date.now();
        return Promise.all(leases.map((lease, index) => lease.acquire(job, `instance-${index}`, now, now + HOUR)));
      };
      expect((await ask()).filter(Boolean)).toHaveLength(1);
      // Let the lease lapse (its holder stalled or died): again exactly one takes it over.
      await Promise.all(leases.map((lease, index) => lease.renew(job, `instance-${index}`, Date.now() - 1)));
      expect((await ask()).filter(Boolean)).toHaveLength(1);
    }
  });

  it('lets only the holder renew or release a lease', async () => {
    const [mine, theirs] = [first, second].map((instance) => instance.app.get(JobLeaseRepository));
    const job = `${marker}-holder`;
    const now = Date.now();
    expect(await mine.acquire(job, 'mine', now, now + HOUR)).toBe(true);
    expect(await theirs.renew(job, 'theirs', now + 2 * HOUR)).toBe(false);
    await theirs.release(job, 'theirs');
    expect(await theirs.acquire(job, 'theirs', now, now + HOUR)).toBe(false);
    expect(await mine.renew(job, 'mine', now + 2 * HOUR)).toBe(true);
    // Renewed: still held after the first term would have ended.
    expect(await theirs.acquire(job, 'theirs', now + HOUR + 1, now + 3 * HOUR)).toBe(false);
    await mine.release(job, 'mine');
    expect(await theirs.acquire(job, 'theirs', now, now + HOUR)).toBe(true);
  });

  it('never purges on two instances at once: a held lease skips the run, an expired one is taken over', async () => {
    await insertAccessTokens({ dead1: { expires: at(-2 * DAY) }, dead2: { expires: at(-2 * DAY) } });
    const leases = first.app.get(JobLeaseRepository);
    const now = Date.now();
    expect(await leases.acquire(TOKEN_PURGE_JOB, 'a stalled instance', now, now + HOUR)).toBe(true);
    expect(await second.app.get(TokenPurgeJob).runOnce()).toBeUndefined();
    expect(await remainingAccessTokens()).toEqual(['dead1', 'dead2']);

    await leases.renew(TOKEN_PURGE_JOB, 'a stalled instance', Date.now() - 1);
    expect(await second.app.get(TokenPurgeJob).runOnce()).toMatchObject({ oauth2_access_tokens: { rows: 2 } });
    expect(await remainingAccessTokens()).toEqual([]);
  });

  it('runs the purge on one of two instances started at the same moment', async () => {
    await insertAccessTokens(
      Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`dead${index}`, { expires: at(-2 * DAY) }])),
    );
    const reports = await Promise.all([first, second].map((instance) => instance.app.get(TokenPurgeJob).runOnce()));
    expect(reports.filter((report) => report === undefined)).toHaveLength(1);
    expect(reports.find(Boolean)).toMatchObject({ oauth2_access_tokens: { rows: 5, batches: 3 } });
    expect(await remainingAccessTokens()).toEqual([]);
  });
});
