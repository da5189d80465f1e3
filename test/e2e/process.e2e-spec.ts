import supertest from 'supertest';
import { MIGRATIONS } from '../../migrations';
import { buildService, runScript, spawnScript, stopProcess as stop, waitForHttp } from './support/built-service';
import { backend, createMysqlDatabase, freePort, temporaryDirectory } from './support/test-environment';

/** The service and the operator CLI as an operator runs them: compiled, as separate processes. */
describe('the service process', () => {
  beforeAll(async () => {
    await buildService();
  }, 120_000);

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'ftp://x' }, 'DATABASE_URL'],
    [{ OAUTH2_GRANT_EXPIRATION_INTERVAL: 'soon' }, 'OAUTH2_GRANT_EXPIRATION_INTERVAL'],
    [{ CACHE_URL: 'memcached://x' }, 'CACHE_URL'],
    [{ CACHE_URL: 'redis+sentinel://127.0.0.1:26379,127.0.0.1:x/main' }, 'CACHE_URL'],
    [{ SHUTDOWN_DRAIN_DELAY: 'PT10M' }, 'SHUTDOWN_DRAIN_DELAY'],
    [{ NODE_ENV: 'production' }, 'OAUTH_SECRET_KEY'],
  ])('refuses to start with %j, naming %s', async (env, variable) => {
    const exited = await runScript('main', [], env, temporaryDirectory());
    expect(exited.code).not.toBe(0);
    expect(exited.stderr).toContain('Invalid configuration');
    expect(exited.stderr).toContain(variable);
  });

  it('starts with no configuration, says where it is and warns about development keys, then stops on SIGTERM', async () => {
    const port = await freePort();
    const cwd = temporaryDirectory();
    const child = spawnScript('main', [], { PORT: String(port) }, cwd);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => output.includes('OpenAPI console'), 20_000);
      expect(output).toContain(`http://localhost:${port}`);
      expect(output).toContain(`http://localhost:${port}/docs`);
      expect(output).toContain('OAUTH_SECRET_KEY is not set');
      expect(output).toContain('OAUTH2_PRIVATE_KEY is not set');
      await supertest(`http://127.0.0.1:${port}`).get('/readyz').expect(200);
      const code = await stop(child);
      expect(code).toBe(0);
      expect(output).toContain('SIGTERM received: stopping');
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  describe('operator CLI', () => {
    let env: Record<string, string>;
    let cwd: string;
    let dropDatabase: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      cwd = temporaryDirectory();
      env = { OAUTH_SECRET_KEY: 'cli-test-secret-key-0123456789abcdef', LOG_LEVEL: 'warn' };
      if (backend.mysqlUrl) {
        const database = await createMysqlDatabase(backend.mysqlUrl);
        env.DATABASE_URL = database.url;
        dropDatabase = database.drop;
      }
      if (backend.redisUrl) {
        env.CACHE_URL = backend.redisUrl;
      }
    });

    afterAll(async () => {
      await dropDatabase?.();
    });

    it('runs, reverts and re-runs the migrations', async () => {
      const first = await runScript('cli', ['migrations:run'], env, cwd);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain('applied InitialSchema');
      const again = await runScript('cli', ['migrations:run'], env, cwd);
      expect(again.stdout).toContain('no pending migration');
      const reverted = await runScript('cli', ['migrations:revert'], env, cwd);
      expect(reverted.code).toBe(0);
      const rerun = await runScript('cli', ['migrations:run'], env, cwd);
      expect(rerun.stdout).toContain(`applied ${MIGRATIONS[MIGRATIONS.length - 1].name}`);
    });

    it('creates a user from a password on stdin and sets its groups; the service then signs it in', async () => {
      const created = await runScript(
        'cli',
        ['user:create', 'operator', '--email', 'ops@example.com', '--groups', 'oauthadmin', '--password-stdin'],
        env,
        cwd,
        'operator-password\n',
      );
      expect(created.stderr).toBe('');
      expect(created.stdout).toContain('created Operator');
      const grouped = await runScript('cli', ['user:groups', 'Operator', 'sysop,oauthadmin'], env, cwd);
      expect(grouped.stdout).toContain('oauthadmin, sysop');

      const port = await freePort();
      const service = spawnScript('main', [], { ...env, PORT: String(port) }, cwd);
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`);
        const login = await supertest(`http://127.0.0.1:${port}`)
          .post('/api/auth/login')
          .send({ username: 'Operator', password: 'operator-password' })
          .expect(200);
        expect(login.body.user.rights).toContain('userrights');
      } finally {
        await stop(service);
      }
    });

    it('explains its mistakes', async () => {
      const unknownGroup = await runScript('cli', ['user:groups', 'Operator', 'wizards'], env, cwd);
      expect(unknownGroup.code).toBe(1);
      expect(unknownGroup.stderr).toContain('Unknown group wizards');
      const noPassword = await runScript('cli', ['user:create', 'x', '--email', 'x@example.com'], env, cwd);
      expect(noPassword.code).toBe(1);
      expect(noPassword.stderr).toContain('--password-stdin');
      const unknown = await runScript('cli', ['frobnicate'], env, cwd);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("unknown command 'frobnicate'");
      const help = await runScript('cli', ['--help'], env, cwd);
      expect(help.stdout).toContain('migrations:run');
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
