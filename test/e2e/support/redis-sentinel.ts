import { type RedisClientType, createClient } from '@keyv/redis';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { temporaryDirectory } from './test-environment';

const MASTER_NAME = 'gatehouse';
const START_TIMEOUT_MS = 10_000;

/**
 * Debian's redis-server as a master, its replica and three Sentinels (the same binary with `--sentinel`), on
 * consecutive ports of 127.0.0.1 from `basePort`: master, replica, then the Sentinels. Failover is quick on
 * purpose: a master is down after 1 s without answers, and a failover that stalls is retried after 3 s.
 */
export class RedisSentinelSet {
  private readonly directory = temporaryDirectory();
  private readonly processes = new Map<number, ChildProcess>();

  constructor(private readonly basePort: number) {}

  get masterPort(): number {
    return this.basePort;
  }

  get replicaPort(): number {
    return this.basePort + 1;
  }

  get sentinelPorts(): number[] {
    return [this.basePort + 2, this.basePort + 3, this.basePort + 4];
  }

  get url(): string {
    return `redis+sentinel://${this.sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',')}/${MASTER_NAME}`;
  }

  async start(): Promise<void> {
    await this.startServer(this.masterPort, []);
    await this.startServer(this.replicaPort, ['--replicaof', '127.0.0.1', String(this.masterPort)]);
    await this.waitFor(this.replicaPort, async (client) =>
      (await client.info('replication')).includes('master_link_status:up'),
    );
    for (const port of this.sentinelPorts) {
      const file = join(this.directory, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${this.directory}`,
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${this.masterPort} 2`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 3000`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      await this.spawnServer(port, [file, '--sentinel']);
    }
    // Each Sentinel must know the others before a failover can be voted.
    await this.waitFor(this.sentinelPorts[0], async (client) => {
      const master = await client.sendCommand<string[]>(['SENTINEL', 'MASTER', MASTER_NAME]);
      return Number(master[master.indexOf('num-other-sentinels') + 1]) >= 2;
    });
  }

  /** Waits until what was written on the master so far is on the replica (Redis WAIT, one replica). */
  async replicated(): Promise<void> {
    const client = createClient({ url: `redis://127.0.0.1:${this.masterPort}` }).on('error', () => undefined);
    await client.connect();
    try {
      const acknowledged = await client.sendCommand(['WAIT', '1', '2000']);
      if (Number(acknowledged) < 1) {
        throw new Error('the replica did not acknowledge the writes');
      }
    } finally {
      client.destroy();
    }
  }

  killMaster(): void {
    this.processes.get(this.masterPort)?.kill('SIGKILL');
  }

  /** The port the Sentinels name master now. */
  async currentMasterPort(): Promise<number> {
    const client = createClient({ url: `redis://127.0.0.1:${this.sentinelPorts[0]}` }).on('error', () => undefined);
    await client.connect();
    try {
      const [, port] = await client.sendCommand<string[]>(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME]);
      return Number(port);
    } finally {
      client.destroy();
    }
  }

  async stop(): Promise<void> {
    for (const child of this.processes.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
    }
    this.processes.clear();
  }

  private async startServer(port: number, extra: string[]): Promise<void> {
    await this.spawnServer(port, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.directory,
      '--dbfilename',
      `dump-${port}.rdb`,
      ...extra,
    ]);
  }

  private async spawnServer(port: number, args: string[]): Promise<void> {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.processes.set(port, child);
    await this.waitFor(port, async (client) => (await client.ping()) === 'PONG');
  }

  private async waitFor(port: number, condition: (client: RedisClientType) => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } }).on(
        'error',
        () => undefined,
      );
      try {
        await client.connect();
        if (await condition(client)) {
          return;
        }
      } catch {
        // not up yet
      } finally {
        if (client.isOpen) {
          client.destroy();
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`redis on port ${port} did not get ready`);
      }
      await sleep(100);
    }
  }
}
