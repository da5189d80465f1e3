import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildService, spawnScript, waitForHttp } from './support/built-service';
import { Haproxy, documentedHaproxyConfig } from './support/haproxy';
import { missingComponent } from './support/system-components';
import { backend, createMysqlDatabase, temporaryDirectory } from './support/test-environment';

/** Ports of this file's own: the HAProxy frontend and the two instances behind it. */
// Below the system's range for outgoing connections (32768-60999), as the Sentinel test's 22300-22304.
const HAPROXY_PORT = 22320;
const INSTANCE_PORTS: [number, number] = [22321, 22322];

/** One deployment's environment: both instances share the database, the cache and the development keys. */
async function deploymentEnv(publicUrl: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const dataDir = temporaryDirectory();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${dataDir}/gatehouse.sqlite`,
    OAUTH_SECRET_KEY: 'drain-test-secret-key-0123456789abcdef',
    PUBLIC_URL: publicUrl,
    TRUST_PROXY: 'loopback',
  };
  let drop = (): Promise<void> => Promise.resolve();
  if (backend.mysqlUrl) {
    const database = await createMysqlDatabase(backend.mysqlUrl);
    env.DATABASE_URL = database.url;
    drop = database.drop;
  }
  if (backend.redisUrl) {
    env.CACHE_URL = backend.redisUrl;
    env.CACHE_PREFIX = `${backend.cachePrefix}hE-drain-${process.pid}:`;
  }
  return { env, drop };
}

class Instance {
  child?: ChildProcess;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    this.output = '';
    this.child = spawnScript('main', [], { ...this.env, PORT: String(this.port) }, this.env.DATA_DIR);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitForHttp(`http://127.0.0.1:${this.port}/readyz`, 60_000);
  }

  /** SIGTERM, as an orchestrator stops it; answers the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return child?.exitCode ?? null;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }

  kill(): void {
    this.child?.kill('SIGKILL');
  }
}

/** A GET answered in full: status and headers, or the error of a refused or broken connection. */
function get(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return fetch(`http://127.0.0.1:${port}${path}`).then(async (response) => {
    await response.arrayBuffer();
    return { status: response.status, headers: Object.fromEntries(response.headers) };
  });
}

describe('stopping the service process', () => {
  beforeAll(async () => {
    await buildService();
  }, 180_000);

  it('on SIGTERM answers /readyz 503 at once, serves through the drain delay, finishes what is in flight, then closes', async () => {
    const port = INSTANCE_PORTS[0];
    const { env, drop } = await deploymentEnv(`http://127.0.0.1:${port}`);
    const instance = new Instance(port, { ...env, SHUTDOWN_DRAIN_DELAY: 'PT2S' });
    try {
      await instance.start();
      expect((await get(port, '/readyz')).status).toBe(200);

      // A request whose body is still arriving when the listener closes: it must get its answer.
      const inFlight = request({
        port,
        method: 'POST',
        path: '/oauth2/token',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '40' },
      });
      const answered = new Promise<number>((resolve, reject) => {
        inFlight.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        inFlight.on('error', reject);
      });
      inFlight.write('grant_type=client_credentials');
      await sleep(100);

      const stopped = instance.stop();
      const signalled = Date.now();
      await sleep(200);
      const readiness = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(readiness.status).toBe(503);
      expect(((await readiness.json()) as { status: string }).status).toBe('draining');
      expect(Date.now() - signalled).toBeLessThan(1500);
      const served = await get(port, '/healthz');
      expect(served.status).toBe(200);
      // Each answer of the drain closes its connection, so clients reconnect elsewhere.
      expect(served.headers.connection).toBe('close');

      // Past the drain delay the port is closed to new connections...
      await sleep(2500);
      await expect(get(port, '/healthz')).rejects.toThrow();
      // ...while the request in flight is still served.
      inFlight.end('&client_id=x');
      expect(await answered).toBe(400);
      expect(await stopped).toBe(0);
      expect(instance.output).toContain('SIGTERM received: stopping, after draining for 2 s');
    } finally {
      instance.kill();
      await drop();
    }
  }, 60_000);

  it.skipIf(missingComponent('haproxy'))(
    'restarts two instances behind the documented HAProxy one at a time without losing a request',
    async () => {
      const { env, drop } = await deploymentEnv(`http://127.0.0.1:${HAPROXY_PORT}`);
      const drainEnv = { ...env, SHUTDOWN_DRAIN_DELAY: 'PT3S' };
      const instances = INSTANCE_PORTS.map((port) => new Instance(port, drainEnv));
      const haproxy = new Haproxy(documentedHaproxyConfig(HAPROXY_PORT, INSTANCE_PORTS));
      const failures: string[] = [];
      let answered = 0;
      let loading = true;
      try {
        // One after the other: the first runs the migrations and writes the development keys both use.
        for (const instance of instances) {
          await instance.start();
        }
        haproxy.start();
        await waitForHttp(`http://127.0.0.1:${HAPROXY_PORT}/readyz`, 10_000);
        await sleep(2500); // both servers pass `rise 2` checks

        // A small bounded load: four clients in a loop, each request read in full.
        const paths = ['/.well-known/openid-configuration', '/.well-known/jwks.json', '/healthz'];
        const load = Array.from({ length: 4 }, async (_, worker) => {
          for (let i = worker; loading; i++) {
            const path = paths[i % paths.length];
            try {
              const { status } = await get(HAPROXY_PORT, path);
              if (status === 200) {
                answered++;
              } else {
                failures.push(`${path}: ${status}`);
              }
            } catch (error) {
              failures.push(`${path}: ${(error as Error).message}`);
            }
            await sleep(20);
          }
        });

        for (const instance of instances) {
          expect(await instance.stop()).toBe(0);
          await instance.start();
          await sleep(2500); // back in rotation after `rise 2`
        }
        loading = false;
        await Promise.all(load);
        expect(failures).toEqual([]);
        expect(answered).toBeGreaterThan(100);
      } finally {
        loading = false;
        await haproxy.stop();
        for (const instance of instances) {
          instance.kill();
        }
        await drop();
      }
    },
    120_000,
  );
});
