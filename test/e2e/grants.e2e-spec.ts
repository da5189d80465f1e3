import { EventEmitter2 } from '@nestjs/event-emitter';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  ACCEPTANCE_REVOKED_EVENT,
  type AcceptanceRevokedEvent,
} from '../../src/common/events/acceptance-revoked.event';
import { AcceptanceService } from '../../src/grants/acceptance.service';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';
import { temporaryDirectory, uniqueSuffix } from './support/test-environment';

const HEX32 = /^[0-9a-f]{32}$/;
const reports = {
  name: 'reports',
  group: 'company',
  risk: 'low',
  rights: ['reports.read'],
  description: 'Read reports',
};

describe('grants', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let acceptances: AcceptanceService;

  beforeAll(async () => {
    const grantsFile = join(temporaryDirectory(), 'grants.json');
    writeFileSync(grantsFile, JSON.stringify({ mode: 'extend', grants: [reports] }));
    gatehouse = await startTestApp({ env: { GRANTS_FILE: grantsFile } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    acceptances = gatehouse.app.get(AcceptanceService);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** A user through the admin API, and a consumer row owned by the admin (the consumers module is not needed). */
  const newUser = async (): Promise<number> => {
    const name = `User${uniqueSuffix()}`;
    const created = await admin.agent
      .post('/api/admin/users')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ name, password: 'user-password', email: `${name}@example.com` })
      .expect(201);
    return (created.body as { id: number }).id;
  };
  const newConsumer = async (): Promise<number> => {
    const dataSource = gatehouse.app.get(DataSource);
    const key = `${uniqueSuffix()}${'0'.repeat(24)}`;
    const now = '2026-01-01 00:00:00';
    await dataSource.query(
      'INSERT INTO oauth_registered_consumer (consumer_key, name, version, user_id, callback_url, description, email, ' +
        'grants, registration, restrictions, stage_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        key,
        `App ${key}`,
        '1.0',
        admin.user.id,
        'https://app.example/cb',
        'An app',
        'dev@example.com',
        '["basic"]',
        now,
        '{}',
        now,
      ],
    );
    const [row] = await dataSource.query<{ id: number }[]>(
      'SELECT id FROM oauth_registered_consumer WHERE consumer_key = ?',
      [key],
    );
    return Number(row.id);
  };

  describe('GET /api/grants', () => {
    it('lists the catalogue to anyone, with the GRANTS_FILE additions at the end', async () => {
      const response = await gatehouse.http().get('/api/grants').expect(200);
      const grants = response.body as { name: string; group: string; risk: string; rights: string[] }[];
      expect(grants[0]).toEqual({
        name: 'basic',
        group: 'hidden',
        risk: 'low',
        rights: expect.arrayContaining(['read', 'autoconfirmed']),
        description: 'Basic rights',
      });
      expect(grants.find((grant) => grant.name === 'introspect')).toMatchObject({
        group: 'administration',
        risk: 'security',
        rights: [],
        description: expect.stringContaining('every token'),
      });
      expect(grants.filter((grant) => grant.group === 'authonly').map((grant) => grant.name)).toEqual([
        'mwoauth-authonly',
        'mwoauth-authonlyprivate',
      ]);
      expect(grants.at(-1)).toEqual(reports);
      expect(new Set(grants.map((grant) => grant.name)).size).toBe(grants.length);
    });

    it('is documented in the OpenAPI document with its answer shape', async () => {
      const document = (await gatehouse.http().get('/docs-json').expect(200)).body as {
        paths: Record<string, { get?: { responses: Record<string, { content: unknown }> } }>;
        components: { schemas: Record<string, { required: string[] }> };
      };
      expect(JSON.stringify(document.paths['/api/grants']?.get?.responses['200'])).toContain('GrantDto');
      expect(document.components.schemas.GrantDto.required).toEqual(
        expect.arrayContaining(['name', 'group', 'risk', 'rights', 'description']),
      );
    });
  });

  describe('acceptances', () => {
    it('creates an acceptance with a fresh 32-hex token and stored secret, found by every key', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const before = Date.now();
      const created = await acceptances.grant({
        userId,
        consumerId,
        wiki: '*',
        grants: ['basic', 'editpage'],
        oauthVersion: 1,
      });
      expect(created).toEqual({
        id: expect.any(Number),
        wiki: '*',
        userId,
        consumerId,
        accessToken: expect.stringMatching(HEX32),
        accessSecretStored: expect.stringMatching(HEX32),
        grants: ['basic', 'editpage'],
        acceptedAt: expect.any(Date),
        oauthVersion: 1,
      });
      expect(created.accessSecretStored).not.toBe(created.accessToken);
      expect(created.acceptedAt.getTime() % 1000).toBe(0);
      expect(created.acceptedAt.getTime()).toBeGreaterThan(before - 1000);
      expect(await acceptances.find(userId, consumerId, '*')).toEqual(created);
      expect(await acceptances.findById(created.id)).toEqual(created);
      expect(await acceptances.findByAccessToken(created.accessToken)).toEqual(created);
      expect(await acceptances.findByAccessToken(created.accessToken.toUpperCase())).toBeUndefined();
      expect(await acceptances.findByAccessToken(`${created.accessToken} `)).toBeUndefined();
      expect(await acceptances.find(userId, consumerId, 'enwiki')).toBeUndefined();
    });

    it('keeps the access token and secret when the user authorizes again, with the new grants', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const first = await acceptances.grant({ userId, consumerId, wiki: '*', grants: ['basic'], oauthVersion: 2 });
      const again = await acceptances.grant({
        userId,
        consumerId,
        wiki: '*',
        grants: ['basic', 'patrol', 'patrol'],
        oauthVersion: 2,
      });
      expect(again).toMatchObject({
        id: first.id,
        accessToken: first.accessToken,
        accessSecretStored: first.accessSecretStored,
        grants: ['basic', 'patrol'],
        oauthVersion: 2,
      });
      expect(again.acceptedAt.getTime()).toBeGreaterThanOrEqual(first.acceptedAt.getTime());
      expect(await acceptances.listForConsumer(consumerId)).toEqual([again]);
    });

    it('keeps one acceptance per (user, consumer, wiki)', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const everywhere = await acceptances.grant({ userId, consumerId, wiki: '*', grants: ['basic'], oauthVersion: 1 });
      const onOneWiki = await acceptances.grant({
        userId,
        consumerId,
        wiki: 'enwiki',
        grants: ['basic'],
        oauthVersion: 1,
      });
      expect(onOneWiki.id).not.toBe(everywhere.id);
      expect(onOneWiki.accessToken).not.toBe(everywhere.accessToken);
      expect((await acceptances.listForConsumer(consumerId)).map((acceptance) => acceptance.id)).toEqual([
        everywhere.id,
        onOneWiki.id,
      ]);
    });

    it('creates one acceptance when the same authorization arrives concurrently', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          acceptances.grant({ userId, consumerId, wiki: '*', grants: ['basic', `g${index}`], oauthVersion: 1 }),
        ),
      );
      expect(new Set(results.map((acceptance) => acceptance.id)).size).toBe(1);
      expect(new Set(results.map((acceptance) => acceptance.accessToken)).size).toBe(1);
      expect(await acceptances.listForConsumer(consumerId)).toHaveLength(1);
    });

    it("lists a user's acceptances newest first, and a consumer's in creation order", async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      const [older, newer] = [await newConsumer(), await newConsumer()];
      const first = await acceptances.grant({
        userId: alice,
        consumerId: older,
        wiki: '*',
        grants: [],
        oauthVersion: 1,
      });
      const second = await acceptances.grant({
        userId: alice,
        consumerId: newer,
        wiki: '*',
        grants: [],
        oauthVersion: 1,
      });
      const bobs = await acceptances.grant({ userId: bob, consumerId: newer, wiki: '*', grants: [], oauthVersion: 1 });
      expect((await acceptances.listForUser(alice)).map((acceptance) => acceptance.id)).toEqual([second.id, first.id]);
      expect((await acceptances.listForUser(bob)).map((acceptance) => acceptance.id)).toEqual([bobs.id]);
      expect((await acceptances.listForConsumer(newer)).map((acceptance) => acceptance.id)).toEqual([
        second.id,
        bobs.id,
      ]);
      expect(await acceptances.listForUser(987654)).toEqual([]);
    });

    it('resets the stored access secret under the same token', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const created = await acceptances.grant({ userId, consumerId, wiki: '*', grants: ['basic'], oauthVersion: 1 });
      const reset = await acceptances.resetAccessSecret(created.id);
      expect(reset).toMatchObject({ id: created.id, accessToken: created.accessToken, grants: ['basic'] });
      expect(reset.accessSecretStored).toMatch(HEX32);
      expect(reset.accessSecretStored).not.toBe(created.accessSecretStored);
      expect(await acceptances.findById(created.id)).toEqual(reset);
      await expect(acceptances.resetAccessSecret(987654)).rejects.toMatchObject({ code: 'acceptance_not_found' });
    });

    it('revokes: deletes the row, then announces it once', async () => {
      const [userId, consumerId] = [await newUser(), await newConsumer()];
      const created = await acceptances.grant({ userId, consumerId, wiki: '*', grants: ['basic'], oauthVersion: 2 });
      const announced: AcceptanceRevokedEvent[] = [];
      const lookups: Promise<unknown>[] = [];
      const events = gatehouse.app.get(EventEmitter2);
      const listener = (event: AcceptanceRevokedEvent) => {
        announced.push(event);
        lookups.push(acceptances.findById(event.acceptanceId));
      };
      events.on(ACCEPTANCE_REVOKED_EVENT, listener);
      try {
        await acceptances.revoke(created.id);
        expect(announced).toEqual([{ acceptanceId: created.id, userId, consumerId }]);
        // The row was already gone when the listeners ran, so they can rely on that.
        expect(await Promise.all(lookups)).toEqual([undefined]);
        expect(await acceptances.findByAccessToken(created.accessToken)).toBeUndefined();
        await expect(acceptances.revoke(created.id)).rejects.toMatchObject({ code: 'acceptance_not_found' });
        expect(announced).toHaveLength(1);
      } finally {
        events.off(ACCEPTANCE_REVOKED_EVENT, listener);
      }
    });

    it('refuses an acceptance without a user, and one with too many grants', async () => {
      const consumerId = await newConsumer();
      await expect(
        acceptances.grant({ userId: 0, consumerId, wiki: '*', grants: ['basic'], oauthVersion: 1 }),
      ).rejects.toThrow('valid user');
      const grants = Array.from({ length: 5000 }, (_, index) => `grant-number-${index}`);
      await expect(
        acceptances.grant({ userId: await newUser(), consumerId, wiki: '*', grants, oauthVersion: 1 }),
      ).rejects.toMatchObject({ code: 'too_many_grants' });
      expect(await acceptances.listForConsumer(consumerId)).toEqual([]);
    });
  });
});
