import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createConnection } from 'mysql2/promise';
import { Haproxy, documentedHaproxyConfig } from '../../e2e/support/haproxy';
import { ownerOnlyOauth1Credentials } from '../../e2e/support/oauth1-client';
import { CALLBACK, authorizationCode, postForm, registerOauth2Client } from '../../e2e/support/oauth2-client';
import { type SignedIn, signIn } from '../../e2e/support/session-client';
import { WebhookReceiver } from '../../e2e/support/webhook-receiver';
import { ADMIN } from '../../e2e/support/test-app';
import { untilRedisAnswers } from '../../e2e/support/redis-ping';
import { RedisSentinelSet } from '../../e2e/support/redis-sentinel';
import { createSignedInUser } from '../../e2e/support/users';
import { eventually, exited, killAll, sleep, spawnRedis, spawnService, status } from './processes';
import type { LoadCredentials } from './load';
import { TcpProxy } from '../../support/tcp-proxy';
import { MariadbPair } from '../../support/mariadb-pair';

/** The MariaDB server the suite runs on (`.ci/run` passes its URL as DATABASE_URL, as for `npm test`). */
const MYSQL_SERVER = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
/**
 * Ports of the suite, away from the rest of the test runs: each scenario file has 10 from FAULT_PORT_BASE + 10·slot.
 * Below the system's range for outgoing connections (32768-60999), where a client's socket can hold any port of the
 * suite (as the scale suite's ports already are).
 */
const PORT_BASE = Number(process.env.FAULT_PORT_BASE ?? 22400);
export const WEBHOOK_SECRET = 'fault-suite-webhook-secret';
export const GATEWAY_KEY = 'fault-suite-gateway-key';

/** The instances are named a, b, c, … in the order they start; a is the one that runs the migrations. */
export interface Instance {
  name: string;
  url: string;
  child?: ChildProcess;
}

export interface DeploymentOptions {
  /** How many instances of the service; two unless told. */
  instances?: number;
  /** The first of the deployment's ten ports; FAULT_PORT_BASE + 10·slot unless told. */
  portBase?: number;
  persistentRedis?: boolean;
  webhook?: boolean;
  /** Redis as a master, its replica and three Sentinels (`CACHE_URL=redis+sentinel://…`) instead of one server. */
  sentinel?: boolean;
  /** The documented HAProxy configuration in front of the instances; the load then goes through it. */
  haproxy?: boolean;
  /**
   * MariaDB as a primary and its replica of the deployment's own (`MariadbPair`, on the two ports after HAProxy)
   * instead of the server at DATABASE_URL: the proxy leads to the primary, DATABASE_REPLICA_URLS names the replica.
   */
  databasePair?: boolean;
  /** More environment for every instance. */
  env?: Record<string, string>;
}

/**
 * One deployment as operators run it: instances of the built service on one MariaDB database (reached through a TCP
 * proxy the suite can pause) and Redis of the suite's own (one server, or a Sentinel set), optionally behind HAProxy,
 * plus a webhook receiver, with the accounts and clients the load generator uses. Its ports, from the base: the
 * instances, then Redis (one port, or five for the Sentinel set), the database proxy, HAProxy and the MariaDB pair.
 */
export class Deployment {
  readonly dir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-'));
  readonly instances: Record<string, Instance> = {};
  readonly redisPort: number;
  readonly proxy: TcpProxy;
  readonly databasePair?: MariadbPair;
  readonly sentinels?: RedisSentinelSet;
  readonly haproxy?: { instance: Instance; server: Haproxy };
  receiver!: WebhookReceiver;
  redis?: ChildProcess;
  database!: { name: string; url: string };
  env!: Record<string, string>;
  seed!: Seed;

  constructor(
    slot: number,
    private readonly options: DeploymentOptions = {},
  ) {
    const base = options.portBase ?? PORT_BASE + slot * 10;
    const count = options.instances ?? 2;
    for (let index = 0; index < count; index += 1) {
      const name = String.fromCharCode('a'.charCodeAt(0) + index);
      this.instances[name] = { name, url: `http://127.0.0.1:${base + index}` };
    }
    this.redisPort = base + count;
    if (options.sentinel) {
      this.sentinels = new RedisSentinelSet(this.redisPort);
    }
    const proxyPort = this.redisPort + (options.sentinel ? 5 : 1);
    const haproxyPort = proxyPort + 1;
    if (options.databasePair) {
      const pairPort = haproxyPort + (options.haproxy ? 1 : 0);
      this.databasePair = new MariadbPair({ primary: pairPort, replica: pairPort + 1 });
    }
    this.proxy = new TcpProxy(
      proxyPort,
      this.databasePair?.primary ?? { host: MYSQL_SERVER.hostname, port: Number(MYSQL_SERVER.port || 3306) },
    );
    if (options.haproxy) {
      const port = haproxyPort;
      const instancePorts = Object.values(this.instances).map((instance) => Number(new URL(instance.url).port));
      this.haproxy = {
        instance: { name: 'haproxy', url: `http://127.0.0.1:${port}` },
        server: new Haproxy(documentedHaproxyConfig(port, instancePorts)),
      };
    }
  }

  /** Where clients go: HAProxy when it is in front, else instance a. */
  get front(): Instance {
    return this.haproxy?.instance ?? this.instances.a;
  }

  async start(): Promise<void> {
    this.database = this.databasePair ? await createDatabaseOnPair(this.databasePair) : await createDatabase();
    await this.proxy.start();
    if (this.sentinels) {
      await this.sentinels.start();
    } else {
      await this.startRedis();
    }
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
      ...(this.databasePair
        ? { DATABASE_REPLICA_URLS: this.databasePair.url(this.databasePair.replica, this.database.name) }
        : {}),
      CACHE_URL: this.sentinels?.url ?? `redis://127.0.0.1:${this.redisPort}`,
      CACHE_PREFIX: 'faults:',
      OAUTH_SECRET_KEY: `fault-suite-${randomBytes(8).toString('hex')}-0123456789abcdef`,
      OAUTH2_PRIVATE_KEY: keyFile,
      OAUTH2_ENABLED_GRANT_TYPES: 'authorization_code,refresh_token,client_credentials',
      // The instances are one deployment: one issuer, one OAuth 1 base-string host.
      PUBLIC_URL: this.front.url,
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
      ...this.options.env,
    };
    // One at a time: the first runs the migrations, the others find them done.
    for (const name of Object.keys(this.instances)) {
      await this.startInstance(name);
    }
    if (this.haproxy) {
      await this.startHaproxy(this.haproxy);
    }
    this.seed = await seed(this.front);
  }

  private async startHaproxy({ instance, server }: { instance: Instance; server: Haproxy }): Promise<void> {
    server.start();
    if (!(await eventually(async () => (await status(`${instance.url}/readyz`)) === 200, 10_000))) {
      throw new Error('HAProxy did not answer');
    }
  }

  async startInstance(name: string): Promise<void> {
    const instance = this.instances[name];
    const port = new URL(instance.url).port;
    const log = join(this.dir, `instance-${name}.log`);
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
    // The log lives in a temporary directory CI does not keep: its end goes into the failure itself.
    const end = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`instance ${name} did not become ready (exit code ${child.exitCode}); the end of ${log}:\n${end}`);
  }

  /** kill -9: no shutdown at all, connections cut mid-request. */
  async kill(name: string): Promise<void> {
    const child = this.instances[name].child;
    child?.kill('SIGKILL');
    if (child) {
      await exited(child);
    }
  }

  /** SIGTERM, as a service manager stops it: /readyz turns 503, the drain runs, then it exits; answers the exit code. */
  async terminate(name: string): Promise<number | null> {
    const child = this.instances[name].child;
    child?.kill('SIGTERM');
    return child ? exited(child) : null;
  }

  async startRedis(): Promise<void> {
    this.redis = spawnRedis(
      this.redisPort,
      this.dir,
      this.options.persistentRedis ?? false,
      join(this.dir, 'redis.log'),
    );
    await untilRedisAnswers(this.redisPort);
  }

  /** SIGTERM, as a service manager restarts Redis: with appendonly it writes its data first. */
  async stopRedis(): Promise<void> {
    const redis = this.redis;
    redis?.kill('SIGTERM');
    if (redis) {
      await exited(redis);
    }
  }

  /**
   * The database's failover (issue 24 item 2): the primary killed (`kill -9`, a crashed host), the replica promoted
   * and the proxy switched to it, as a failover manager does. DATABASE_REPLICA_URLS still names the old replica, the
   * primary now: the reads that may lag then go to the primary too, which is only stricter. Answers whether the
   * primary's commits waited for the replica just before (semi-sync AFTER_SYNC: then nothing acknowledged is lost).
   */
  async failOverDatabase(): Promise<{ semiSynchronous: boolean }> {
    const pair = this.databasePair;
    if (!pair) {
      throw new Error('the deployment runs on one MariaDB server, not a pair');
    }
    const semiSynchronous = await pair.semiSynchronous();
    await pair.stopPrimary('SIGKILL');
    await pair.promoteReplica();
    this.proxy.switchTo(pair.replica);
    this.database.url = pair.url(pair.replica, this.database.name);
    return { semiSynchronous };
  }

  /** A connection straight to MariaDB (not through the proxy) to count rows. */
  query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return withConnection(this.database.url, async (connection) => (await connection.query(sql, values))[0] as T[]);
  }

  async stop(): Promise<void> {
    killAll();
    await Promise.all(
      [...Object.values(this.instances).map((instance) => instance.child), this.redis].flatMap((child) =>
        child ? [exited(child)] : [],
      ),
    );
    await this.haproxy?.server.stop();
    await this.sentinels?.stop();
    await this.receiver?.stop();
    await this.proxy.stop();
    if (this.databasePair) {
      await this.databasePair.stop();
    } else if (this.database) {
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

/** The pair started, and a database of the deployment's on its primary, replicated. */
async function createDatabaseOnPair(pair: MariadbPair): Promise<{ name: string; url: string }> {
  await pair.start();
  const name = `gatehouse_scale_${randomBytes(4).toString('hex')}`;
  await pair.createDatabase(name);
  return { name, url: pair.url(pair.primary, name) };
}

async function withConnection<T>(url: string, use: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection(url);
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}

export { sleep };
