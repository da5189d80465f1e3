import type { ChildProcess } from 'node:child_process';
import supertest from 'supertest';
import { buildService, type Exited, runScript, spawnScript, stopProcess, waitForHttp } from './support/built-service';
import { sendSigned } from './support/oauth1-client';
import { postForm } from './support/oauth2-client';
import { backend, createMysqlDatabase, freePort, temporaryDirectory, uniqueSuffix } from './support/test-environment';

interface Shown {
  consumer: { stage: string };
  log: { action: string }[];
}

interface Signed {
  agent: ReturnType<typeof supertest.agent>;
  csrfToken: string;
}

/**
 * The operator commands (issue 20 item 2) as an operator runs them: the built CLI, a process of its own, against a
 * running built service on the same database and cache. With Redis the service's caches are dropped at once; with
 * the in-memory cache a command cannot reach another process's memory, so there the tests check a credential the
 * service has not cached yet, and the note the command prints about it.
 */
describe('operator commands', () => {
  let env: Record<string, string>;
  let cwd: string;
  let url: string;
  let service: ChildProcess | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let dev: Signed;
  let admin: Signed;
  const cli = (args: string[], input = ''): Promise<Exited> => runScript('cli', args, env, cwd, input);
  const shared = backend.redisUrl !== undefined;
  // Each command is a process that starts Node and the service's modules: seconds each on a busy machine.
  const COMMANDS_TIMEOUT = 400_000;

  const signIn = async (username: string, password: string): Promise<Signed> => {
    const agent = supertest.agent(url);
    const response = await agent.post('/api/auth/login').send({ username, password }).expect(200);
    return { agent, csrfToken: (response.body as { csrfToken: string }).csrfToken };
  };
  const propose = (body: object) =>
    dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ version: '1', description: 'x', email: 'dev@example.com', grants: ['basic'], ...body })
      .expect(201);
  const createUser = async (name: string, groups: string): Promise<void> => {
    const created = await cli(
      ['user:create', name, '--email', `${name.toLowerCase()}@example.com`, '--groups', groups, '--password-stdin'],
      `${name}-password-1\n`,
    );
    expect(created.stderr).toBe('');
  };
  const stageOf = async (key: string): Promise<string> =>
    ((await admin.agent.get(`/api/consumers/${key}`).expect(200)).body as { stage: string }).stage;

  beforeAll(async () => {
    await buildService();
    cwd = temporaryDirectory();
    env = { OAUTH_SECRET_KEY: 'cli-test-secret-key-0123456789abcdef', LOG_LEVEL: 'warn' };
    if (backend.mysqlUrl) {
      const database = await createMysqlDatabase(backend.mysqlUrl);
      env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
    if (backend.redisUrl) {
      env.CACHE_URL = backend.redisUrl;
      env.CACHE_PREFIX = `${backend.cachePrefix}cli-${uniqueSuffix()}:`;
    }
    expect((await cli(['migrations:run'])).code).toBe(0);
    await createUser('Dev', '');
    await createUser('Admin', 'sysop');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = spawnScript('main', [], { ...env, PORT: String(port), PUBLIC_URL: url }, cwd);
    await waitForHttp(`${url}/healthz`, 90_000);
    dev = await signIn('Dev', 'Dev-password-1');
    admin = await signIn('Admin', 'Admin-password-1');
  }, 600_000);

  afterAll(async () => {
    if (service) {
      await stopProcess(service);
    }
    await dropDatabase?.();
  }, COMMANDS_TIMEOUT);

  it(
    'approves a proposed consumer as the maintenance script: audited, notified, listed',
    async () => {
      const key = (await propose({ oauthVersion: 2, name: 'Reviewed', callbackUrl: 'https://r.example/cb' })).body
        .consumer.consumerKey as string;

      const approved = await cli(['consumers:approve', key, '--reason', 'reviewed by ops']);
      expect(approved.code).toBe(0);
      expect(approved.stdout).toContain(`approved ${key}`);
      expect(approved.stderr.includes('CACHE_URL is memory')).toBe(!shared);

      expect(await stageOf(key)).toBe('approved');
      const log = await supertest(url).get(`/api/log?consumer=${key}`).expect(200);
      expect(log.body.entries[0]).toMatchObject({
        action: 'approve',
        actor: { name: 'Maintenance script' },
        comment: 'reviewed by ops',
      });
      const inbox = await dev.agent.get('/api/me/notifications').expect(200);
      expect(inbox.body.notifications).toContainEqual(
        expect.objectContaining({
          type: 'oauth-app-approve',
          consumer: expect.objectContaining({ key }),
          actor: expect.objectContaining({ name: 'Maintenance script' }),
          comment: 'reviewed by ops',
        }),
      );

      const listed = await cli(['consumers:list', '--stage', 'approved', '--owner', 'Dev']);
      expect(listed.stdout).toMatch(new RegExp(`^${key}\\tapproved\\t2\\tDev\\tReviewed\\t1$`, 'm'));
      const shown = JSON.parse((await cli(['consumers:show', key])).stdout) as Shown;
      expect(shown.consumer.stage).toBe('approved');
      expect(shown.log.map((entry) => entry.action)).toEqual(['approve', 'propose']);

      // The service has the consumer cached now; with the in-memory cache only the database has the change at once.
      const storedStage = async () =>
        shared ? stageOf(key) : (JSON.parse((await cli(['consumers:show', key])).stdout) as Shown).consumer.stage;
      const disabled = await cli(['consumers:disable', key, '--reason', 'abuse']);
      expect(disabled.stdout).toContain(`disabled ${key}`);
      expect(await storedStage()).toBe('disabled');
      expect((await cli(['consumers:enable', key, '--reason', 'cleared'])).code).toBe(0);
      expect(await storedStage()).toBe('approved');
    },
    COMMANDS_TIMEOUT,
  );

  it(
    'revokes every token of a consumer, OAuth 2 and OAuth 1, at the gateway, introspection and the API at once',
    async () => {
      const oauth2 = (await propose({ oauthVersion: 2, name: 'Leaky', ownerOnly: true })).body as {
        consumer: { consumerKey: string };
        secret: string;
        accessToken: string;
      };
      const client = { clientId: oauth2.consumer.consumerKey, secret: oauth2.secret };
      const verify = () => supertest(url).get('/gateway/verify').set('Authorization', `Bearer ${oauth2.accessToken}`);
      const introspect = async () =>
        (await postForm({ url }, '/oauth2/introspect', { token: oauth2.accessToken }, client).expect(200)).body as {
          active: boolean;
        };
      if (shared) {
        // Cached by the service now: only the invalidation bus can make it forget.
        await verify().expect(200);
        expect((await introspect()).active).toBe(true);
      }

      const revoked = await cli(['tokens:revoke', '--consumer', oauth2.consumer.consumerKey]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('revoked 1 authorization(s)');
      await verify().expect(401);
      expect((await introspect()).active).toBe(false);
      expect(await stageOf(oauth2.consumer.consumerKey)).toBe('approved');

      const oauth1 = (await propose({ oauthVersion: 1, name: 'Leaky one', ownerOnly: true })).body as {
        consumer: { consumerKey: string };
        secret: string;
        accessToken: string;
        accessSecret: string;
      };
      const credentials = {
        consumerKey: oauth1.consumer.consumerKey,
        consumerSecret: oauth1.secret,
        token: oauth1.accessToken,
        tokenSecret: oauth1.accessSecret,
      };
      const signed = () => sendSigned(url, credentials, { method: 'GET', target: '/api/me' });
      if (shared) {
        await signed().expect(200);
      }
      expect((await cli(['tokens:revoke', '--consumer', oauth1.consumer.consumerKey])).code).toBe(0);
      await signed().expect(401);
    },
    COMMANDS_TIMEOUT,
  );

  it(
    'blocks a user: signed in they act nowhere, their tokens stop; sessions end; unblocking restores them',
    async () => {
      await createUser('Victim', '');
      const victim = await signIn('Victim', 'Victim-password-1');
      const token = (
        await victim.agent
          .post('/api/consumers')
          .set('X-CSRF-Token', victim.csrfToken)
          .send({
            oauthVersion: 2,
            name: 'Victim tool',
            version: '1',
            description: 'x',
            email: 'victim@example.com',
            grants: ['basic'],
            ownerOnly: true,
          })
          .expect(201)
      ).body.accessToken as string;
      const bearer = () => supertest(url).get('/api/me').set('Authorization', `Bearer ${token}`);
      if (shared) {
        await bearer().expect(200);
      }

      const blocked = await cli(['users:block', 'victim', '--reason', 'account taken over']);
      expect(blocked.code).toBe(0);
      expect(blocked.stdout).toContain('blocked Victim');
      await bearer().expect(401);
      const again = await signIn('Victim', 'Victim-password-1');
      expect((await again.agent.get('/api/me').expect(403)).body.code).toBe('blocked');

      const ended = await cli(['users:sessions:revoke', 'Victim']);
      expect(ended.code).toBe(0);
      await victim.agent.get('/api/me').expect(401);
      await again.agent.get('/api/me').expect(401);

      expect((await cli(['users:unblock', 'Victim'])).code).toBe(0);
      const restored = await signIn('Victim', 'Victim-password-1');
      await restored.agent.get('/api/me').expect(200);
      await bearer().expect(200);
    },
    COMMANDS_TIMEOUT,
  );

  it(
    'exports the audit log as JSON lines, oldest first, within --since and --until',
    async () => {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const exported = await cli(['audit:export', '--since', since]);
      expect(exported.code).toBe(0);
      const entries = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: number; action: string; actor: { name: string }; comment: string });
      expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((a, b) => a - b));
      expect(entries).toContainEqual(
        expect.objectContaining({ action: 'approve', actor: expect.objectContaining({ name: 'Maintenance script' }) }),
      );
      expect(entries).toContainEqual(expect.objectContaining({ action: 'disable', comment: 'abuse' }));

      const future = await cli(['audit:export', '--since', '2999-01-01']);
      expect(future).toMatchObject({ code: 0, stdout: '' });
      const window = await cli(['audit:export', '--since', '2000-01-01', '--until', since]);
      expect(window.stdout).toBe('');
    },
    COMMANDS_TIMEOUT,
  );

  it(
    'refuses bad input with a message on stderr and a non-zero exit, changing nothing',
    async () => {
      const key = (await propose({ oauthVersion: 2, name: 'Untouched', callbackUrl: 'https://u.example/cb' })).body
        .consumer.consumerKey as string;
      const refusals: [string[], string][] = [
        [['consumers:approve', key], "required option '--reason <text>' not specified"],
        [['consumers:approve', key, '--reason', '  '], '--reason may not be empty'],
        [['consumers:approve', '0123456789abcdef0123456789abcdef', '--reason', 'x'], 'No consumer exists with the key'],
        [['consumers:disable', key, '--reason', 'x'], 'The consumer is not currently approved'],
        [['consumers:approve', key, '--reason', 'x', '--force'], "unknown option '--force'"],
        [['consumers:list', '--owner', 'Nobody'], 'There is no user named Nobody'],
        [['consumers:list', '--stage', 'pending'], '--stage takes one of proposed, approved'],
        [['tokens:revoke'], 'exactly one of --consumer KEY and --user NAME'],
        [['tokens:revoke', '--user', 'Nobody'], 'There is no user named Nobody'],
        [['users:block', 'Nobody', '--reason', 'x'], 'There is no user named Nobody'],
        [['users:block', 'Dev'], "required option '--reason <text>' not specified"],
        [['audit:export'], "required option '--since <date>' not specified"],
        [['audit:export', '--since', 'yesterday'], '--since takes an ISO 8601 date'],
        [['audit:export', '--since', '2026-02-30'], '--since takes an ISO 8601 date'],
        [['audit:export', '--since', '2026-02-01T10:00:00'], '--since takes an ISO 8601 date'],
        [['audit:export', '--since', '2026-02-02', '--until', '2026-02-01'], '--until must come after --since'],
        [['keys:frobnicate'], "unknown command 'keys:frobnicate'"],
      ];
      for (const [args, message] of refusals) {
        const refused = await cli(args);
        expect({ args, code: refused.code }).toEqual({ args, code: 1 });
        expect(refused.stderr).toContain(message);
      }
      expect(await stageOf(key)).toBe('proposed');
      const log = await supertest(url).get(`/api/log?consumer=${key}`).expect(200);
      expect(log.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['propose']);
      await dev.agent.get('/api/me').expect(200);
    },
    COMMANDS_TIMEOUT,
  );
  it(
    'rotates and retires signing keys, backs up the live database, and refuses a directory sync without a directory',
    async () => {
      const jwks = async () =>
        ((await supertest(url).get('/.well-known/jwks.json').expect(200)).body as { keys: { kid: string }[] }).keys.map(
          (key) => key.kid,
        );
      const listed = await cli(['keys:list', '--json']);
      expect(listed.code).toBe(0);
      const configured = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kid: string; state: string });
      expect(configured).toContainEqual(expect.objectContaining({ state: 'active', source: 'configured' }));

      const rotated = await cli(['keys:rotate', '--alg', 'ES256']);
      expect(rotated.code).toBe(0);
      const next = JSON.parse(rotated.stdout) as { kid: string; alg: string; state: string };
      expect(next).toMatchObject({ alg: 'ES256', state: 'published' });
      // Published at once on the running service with Redis; within its reload interval without.
      if (shared) {
        expect(await jwks()).toContain(next.kid);
      }
      const retired = await cli(['keys:retire', next.kid]);
      expect(retired.code).toBe(0);
      expect(JSON.parse(retired.stdout)).toMatchObject({ kid: next.kid, state: 'retired' });
      const unknown = await cli(['keys:retire', 'no-such-kid']);
      expect(unknown.code).toBe(1);

      const backup = `${temporaryDirectory()}/gatehouse.backup`;
      const backedUp = await cli(['db:backup', backup]);
      expect(backedUp).toMatchObject({ code: 0, stdout: expect.stringContaining(`backed up to ${backup}`) });

      const sync = await cli(['users:sync']);
      expect(sync.code).toBe(1);
      expect(sync.stderr).toContain('No directory is configured');
    },
    COMMANDS_TIMEOUT,
  );
});
