import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createConnection } from 'mysql2/promise';
import { ownerOnlyOauth1Credentials } from '../../e2e/support/oauth1-client';
import { CALLBACK, authorizationCode, postForm, registerOauth2Client } from '../../e2e/support/oauth2-client';
import { type SignedIn, signIn } from '../../e2e/support/session-client';
import { WebhookReceiver } from '../../e2e/support/webhook-receiver';
import { ADMIN } from '../../e2e/support/test-app';
import { createSignedInUser } from '../../e2e/support/users';
import { eventually, exited, killAll, sleep, spawnRedis, spawnService, status } from './processes';
import type { LoadCredentials } from './load';
import { TcpProxy } from '../../support/tcp-proxy';

/** The MariaDB server the suite runs on (`.ci/run` passes its URL as DATABASE_URL, as for `npm test`). */
const MYSQL_SERVER = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
/** Ports of the suite, away from the rest of the test runs: each scenario file has 10 from FAULT_PORT_BASE + 10·slot. */
const PORT_BASE = Number(process.env.FAULT_PORT_BASE ?? 47400);
export const WEBHOOK_SECRET = 'fault-suite-webhook-secret';
export const GATEWAY_KEY = 'fault-suite-gateway-key';

export interface Instance {
  name: 'a' | 'b';
  url: string;
  child?: ChildProcess;
}

/**
 * One deployment as operators run it: two instances of the built service on one MariaDB database (reached through
 * a TCP proxy the suite can pause) and one redis-server of the suite's own, plus a webhook receiver, with the
 * accounts and clients the load generator uses.
 */
export class Deployment {
  readonly dir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-'));
  readonly instances: Record<'a' | 'b', Instance>;
  readonly redisPort: number;
  readonly proxy: TcpProxy;
  receiver!: WebhookReceiver;
  redis?: ChildProcess;
  database!: { name: string; url: string };
  env!: Record<string, string>;
  seed!: Seed;

  constructor(
    slot: number,
    private readonly options: { persistentRedis?: boolean; webhook?: boolean } = {},
  ) {
    const base = PORT_BASE + slot * 10;
    this.instances = {
      a: { name: 'a', url: `http://127.0.0.1:${base}` },
      b: { name: 'b', url: `http://127.0.0.1:${base + 1}` },
    };
    this.redisPort = base + 2;
    this.proxy = new TcpProxy(base + 3, { host: MYSQL_SERVER.hostname, port: Number(MYSQL_SERVER.port || 3306) });
  }

  async start(): Promise<void> {
    this.database = await createDatabase();
    await this.proxy.start();
    await this.startRedis();
    // Its port is the system's choice (WebhookReceiver picks a free one), so it cannot clash with another run.
    this.receiver = await WebhookReceiver.create(WEBHOOK_SECRET);
    await this.receiver.start();
    const keyFile = join(this.dir, 'oauth2-private.pem');
    writeFileSync(
      keyFile,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const viaProxy = new URL(this.database.url);
    viaProxy.host = `127.0.0.1:${this.proxy.port}`;
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: this.dir,
      DATABASE_URL: viaProxy.toString(),
      CACHE_URL: `redis://127.0.0.1:${this.redisPort}`,
      CACHE_PREFIX: 'faults:',
      OAUTH_SECRET_KEY: `fault-suite-${randomBytes(8).toString('hex')}-0123456789abcdef`,
      OAUTH2_PRIVATE_KEY: keyFile,
      OAUTH2_ENABLED_GRANT_TYPES: 'authorization_code,refresh_token,client_credentials',
      // Both instances are one deployment: one issuer, one OAuth 1 base-string host.
      PUBLIC_URL: this.instances.a.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      GATEWAY_KEYS: GATEWAY_KEY,
      // The OAuth 1 gateway decision reads the original host from X-Forwarded-Host, as behind nginx.
      TRUST_PROXY: 'loopback',
      OAUTH_GROUPS_TO_NOTIFY: 'sysop',
      // The load comes from one address: the per-address limits would measure themselves, not the faults.
      RATE_LIMIT_TOKEN: 'off',
      RATE_LIMIT_INTROSPECTION: 'off',
      RATE_LIMIT_OAUTH1: 'off',
      RATE_LIMIT_LOGIN: 'off',
      RATE_LIMIT_REGISTRATION: 'off',
      ...(this.options.webhook ? { NOTIFY_WEBHOOK_URL: this.receiver.url, NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    };
    // One at a time: the first runs the migrations, the second finds them done.
    await this.startInstance('a');
    await this.startInstance('b');
    this.seed = await seed(this.instances.a);
  }

  async startInstance(name: 'a' | 'b'): Promise<void> {
    const instance = this.instances[name];
    const port = new URL(instance.url).port;
    const log = join(this.dir, `instance-${name}.log`);
    // The suite's ports lie in the system's range for outgoing connections: one may hold a port for a moment.
    for (let attempt = 1; ; attempt += 1) {
      const child = spawnService({ ...this.env, PORT: port }, log);
      instance.child = child;
      const ready = await eventually(
        async () => child.exitCode !== null || (await status(`${instance.url}/readyz`)) === 200,
        60_000,
      );
      if (ready && child.exitCode === null) {
        return;
      }
      child.kill('SIGKILL');
      if (attempt === 3 || !readFileSync(log, 'utf8').includes('EADDRINUSE')) {
        throw new Error(`instance ${name} did not become ready; see ${log}`);
      }
      await sleep(1000);
    }
  }

  /** kill -9: no shutdown at all, connections cut mid-request. */
  async kill(name: 'a' | 'b'): Promise<void> {
    const child = this.instances[name].child;
    child?.kill('SIGKILL');
    if (child) {
      await exited(child);
    }
  }

  async startRedis(): Promise<void> {
    this.redis = spawnRedis(
      this.redisPort,
      this.dir,
      this.options.persistentRedis ?? false,
      join(this.dir, 'redis.log'),
    );
    const up = await eventually(async () => {
      const reply = await redisPing(this.redisPort);
      return reply;
    }, 10_000);
    if (!up) {
      throw new Error('redis-server did not start');
    }
  }

  /** SIGTERM, as a service manager restarts Redis: with appendonly it writes its data first. */
  async stopRedis(): Promise<void> {
    const redis = this.redis;
    redis?.kill('SIGTERM');
    if (redis) {
      await exited(redis);
    }
  }

  /** A connection straight to MariaDB (not through the proxy) to count rows. */
  query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return withConnection(this.database.url, async (connection) => (await connection.query(sql, values))[0] as T[]);
  }

  async stop(): Promise<void> {
    killAll();
    await Promise.all(
      [this.instances.a.child, this.instances.b.child, this.redis].flatMap((child) => (child ? [exited(child)] : [])),
    );
    await this.receiver?.stop();
    await this.proxy.stop();
    if (this.database) {
      await withConnection(serverUrl(), (connection) =>
        connection.query(`DROP DATABASE IF EXISTS \`${this.database.name}\``),
      );
    }
  }
}

export interface Seed extends LoadCredentials {
  admin: SignedIn;
}

async function seed(instance: Instance): Promise<Seed> {
  const admin = await signIn(instance, ADMIN.username, ADMIN.password);
  const developer = await createSignedInUser(instance, 'Faultdev');
  const user = await createSignedInUser(instance, 'Faultuser');
  const app = await registerOauth2Client(developer, admin, {
    name: 'Fault app',
    // Sign-in only: the consent is then not asked again, so the load's authorizations are answered at once.
    grants: ['mwoauth-authonly'],
    grantTypes: ['authorization_code', 'refresh_token'],
  });
  const gateway = await registerOauth2Client(developer, admin, {
    name: 'Fault gateway',
    grants: ['basic', 'introspect'],
    grantTypes: ['client_credentials'],
  });
  const oauth1 = await ownerOnlyOauth1Credentials(developer, 'Fault OAuth 1 bot');
  // The first authorization shows the consent page; the load's later ones are answered at once.
  const { code, verifier } = await authorizationCode(user, app);
  const tokens = await postForm(
    instance,
    '/oauth2/token',
    { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK },
    app,
  ).expect(200);
  const bearer = (tokens.body as { access_token: string }).access_token;
  return { admin, developer, user, app, gateway, oauth1, bearer, publicUrl: instance.url };
}

function serverUrl(): string {
  const url = new URL(MYSQL_SERVER.toString());
  url.pathname = '/';
  return url.toString();
}

async function createDatabase(): Promise<{ name: string; url: string }> {
  const name = `gatehouse_faults_${randomBytes(4).toString('hex')}`;
  await withConnection(serverUrl(), (connection) =>
    connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function withConnection<T>(url: string, use: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection(url);
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}

async function redisPing(port: number): Promise<boolean> {
  const { createConnection: connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

export { sleep };
