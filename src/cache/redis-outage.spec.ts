import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/load-config';
import { CacheModule } from './cache.module';
import { TemporaryStore } from './temporary-store';

/** /readyz semantics, against a redis-server of this test's own that it stops, freezes and restarts. */

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-outage-'));

class RedisServer {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          resolve();
        }
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** A server that keeps the connection open but never answers, like a hung or overloaded one. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}

class RecordingLogger implements LoggerService {
  readonly entries: Array<{ level: string; message: string }> = [];
  log = (message: unknown) => this.record('log', message);
  error = (message: unknown) => this.record('error', message);
  warn = (message: unknown) => this.record('warn', message);

  count(level: string, text: string): number {
    return this.entries.filter((entry) => entry.level === level && entry.message.includes(text)).length;
  }

  private record(level: string, message: unknown): void {
    this.entries.push({ level, message: String(message) });
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function startModule(port: number, logger: LoggerService): Promise<TestingModule> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    CACHE_URL: `redis://127.0.0.1:${port}`,
    OAUTH_SECRET_KEY: 'x'.repeat(32),
  });
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), CacheModule] })
    .setLogger(logger)
    .compile();
  return moduleRef.init();
}

/** Milliseconds until `work` rejects; fails if it resolves instead. */
async function msUntilRejected(work: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await expect(work()).rejects.toThrow();
  return Date.now() - started;
}

/** Milliseconds until ping first resolves, trying again after each failure. */
async function msUntilPingAnswers(store: TemporaryStore, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await store.ping();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > limitMs) {
        throw error;
      }
      await sleep(50);
    }
  }
}

describe('Redis TemporaryStore during an outage', () => {
  let server: RedisServer;
  let moduleRef: TestingModule | undefined;
  let logger: RecordingLogger;

  beforeEach(async () => {
    server = new RedisServer(await freePort());
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    server.thaw();
    await moduleRef?.close();
    moduleRef = undefined;
    await server.stop();
  });

  it('reports a frozen, a stopped and a restarted server within bounded time', async () => {
    await server.start();
    moduleRef = await startModule(server.port, logger);
    const store = moduleRef.get(TemporaryStore);
    await expect(store.ping()).resolves.toBeUndefined();

    server.freeze();
    expect(await msUntilRejected(() => store.ping())).toBeLessThan(1500);
    server.thaw();
    await expect(store.ping()).resolves.toBeUndefined();

    await store.set('code', 'abc', 60);
    await server.stop();
    expect(await msUntilRejected(() => store.ping())).toBeLessThan(1500);
    for (const call of [
      () => store.set('code', 'x', 60),
      () => store.get('code'),
      () => store.add('nonce', 'x', 60),
      () => store.take('code'),
      () => store.delete('code'),
    ]) {
      expect(await msUntilRejected(call)).toBeLessThan(1500);
    }

    // Long enough for several reconnection attempts to fail, which must not each be logged.
    await sleep(2500);
    await server.start();
    expect(await msUntilPingAnswers(store, 5000)).toBeLessThan(5000);
    await store.set('code', 'def', 60);
    expect(await store.take('code')).toBe('def');
    expect(logger.count('error', 'Redis unavailable')).toBe(1);
    expect(logger.count('log', 'Redis connection restored')).toBe(1);

    await server.stop();
    const closing = Date.now();
    await moduleRef.close();
    moduleRef = undefined;
    expect(Date.now() - closing).toBeLessThan(2000);
  });

  it('starts while Redis is down and connects once it comes up', async () => {
    const starting = Date.now();
    moduleRef = await startModule(server.port, logger);
    expect(Date.now() - starting).toBeLessThan(7000);
    expect(logger.count('warn', 'starting anyway')).toBe(1);
    const store = moduleRef.get(TemporaryStore);
    expect(await msUntilRejected(() => store.ping())).toBeLessThan(1500);

    await server.start();
    expect(await msUntilPingAnswers(store, 5000)).toBeLessThan(5000);
    await expect(store.add('nonce', 1, 60)).resolves.toBe(true);
    expect(logger.count('error', 'Redis unavailable')).toBe(1);
    expect(logger.count('log', 'Redis connection restored')).toBe(1);
  });
});
