import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, type RowDataPacket, createConnection } from 'mysql2/promise';
import { eventually, exited, track } from '../faults/support/processes';

const run = promisify(execFile);

/** One mariadbd of the pair: its loopback address and, while it runs, its process. */
export interface MariadbServer {
  name: 'primary' | 'replica';
  host: '127.0.0.1';
  port: number;
  dataDir: string;
  child?: ChildProcess;
}

/**
 * Two mariadbd of the tests' own (Debian's mariadb-server), each with its own data folder, as operators run a
 * primary and its replica: GTID replication (MariaDB KB "GTID"), and semi-synchronous replication with
 * `rpl_semi_sync_master_wait_point=AFTER_SYNC`, so a commit is acknowledged to the client only once the replica has
 * it in its relay log; then a promoted replica holds every acknowledged write ("lossless" semi-sync). Both listen on
 * 127.0.0.1 only, on the ports the caller gives; root has no password. `stop()` ends both and removes the folders;
 * the processes are also killed if the test worker exits first (test/faults/support/processes).
 */
export class MariadbPair {
  readonly dir = mkdtempSync(join(tmpdir(), 'gatehouse-mariadb-pair-'));
  readonly primary: MariadbServer;
  readonly replica: MariadbServer;

  constructor(ports: { primary: number; replica: number }) {
    this.primary = { name: 'primary', host: '127.0.0.1', port: ports.primary, dataDir: join(this.dir, 'primary') };
    this.replica = { name: 'replica', host: '127.0.0.1', port: ports.replica, dataDir: join(this.dir, 'replica') };
  }

  /** The process ids of the servers that run, by name. */
  get pids(): Partial<Record<MariadbServer['name'], number>> {
    return Object.fromEntries(
      [this.primary, this.replica]
        .filter((server) => server.child?.pid)
        .map((server) => [server.name, server.child?.pid]),
    );
  }

  /** Installs both data folders, starts both servers and has the replica follow the primary. */
  async start(): Promise<void> {
    await everyOne([install(this.primary, this.dir), install(this.replica, this.dir)]);
    await everyOne([this.launch(this.primary, 1), this.launch(this.replica, 2)]);
    await query(
      this.replica,
      `CHANGE MASTER TO MASTER_HOST='${this.primary.host}', MASTER_PORT=${this.primary.port}, MASTER_USER='root',
         MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await query(this.replica, 'START SLAVE');
    if (!(await eventually(() => this.semiSyncConnected(), 10_000))) {
      throw new Error('the replica did not connect to the primary as a semi-synchronous replica');
    }
  }

  /** `mysql://root@127.0.0.1:<port>/<database>` of one server. */
  url(server: MariadbServer, database: string): string {
    return `mysql://root@${server.host}:${server.port}/${database}`;
  }

  /** Creates a database on the primary and waits until the replica has it too. */
  async createDatabase(name: string): Promise<void> {
    await query(this.primary, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await this.caughtUp();
  }

  /**
   * The replica stops applying what it receives, so it lags behind the primary by everything written from now on.
   * It keeps receiving (and acknowledging) the primary's events, so the primary's semi-synchronous commits do not wait.
   */
  async stopReplication(): Promise<void> {
    await query(this.replica, 'STOP SLAVE SQL_THREAD');
  }

  async startReplication(): Promise<void> {
    await query(this.replica, 'START SLAVE SQL_THREAD');
  }

  /** Waits until the replica has applied every transaction it has received. */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const applied = async (): Promise<boolean> => {
      const [status] = await query(this.replica, 'SHOW SLAVE STATUS');
      const [positions] = await query(this.replica, 'SELECT @@gtid_slave_pos AS applied');
      return status?.Gtid_IO_Pos === positions?.applied;
    };
    if (!(await eventually(applied, timeoutMs))) {
      throw new Error('the replica did not catch up with what it received');
    }
  }

  /**
   * Ends the primary: by default `kill -9`, as a crashed host, whose acknowledged writes are on the replica already
   * (AFTER_SYNC); `SIGTERM` for a clean shutdown.
   */
  async stopPrimary(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.primary.child;
    this.primary.child = undefined;
    if (child) {
      child.kill(signal);
      await exited(child);
    }
  }

  /** Whether the primary's commits wait for the replica's acknowledgement now (not fallen back to asynchronous). */
  async semiSynchronous(): Promise<boolean> {
    const [row] = await query(this.primary, "SHOW STATUS LIKE 'Rpl_semi_sync_master_status'");
    return row?.Value === 'ON';
  }

  /**
   * Makes the replica the primary, as an operator (or a failover manager) does once the old primary is gone: apply
   * every received transaction, stop following, take writes.
   */
  async promoteReplica(): Promise<void> {
    await this.caughtUp();
    await query(this.replica, 'STOP SLAVE');
    await query(this.replica, 'RESET SLAVE ALL');
    await query(this.replica, 'SET GLOBAL read_only = OFF');
  }

  /** Ends both servers (SIGTERM, then SIGKILL after 10 s) and removes their folders. */
  async stop(): Promise<void> {
    await Promise.all([this.primary, this.replica].map((server) => shutDown(server)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(server: MariadbServer, serverId: number): Promise<void> {
    const child = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${server.dataDir}`,
        `--tmpdir=${temporaryFilesOf(server)}`,
        `--user=${userInfo().username}`,
        '--bind-address=127.0.0.1',
        `--port=${server.port}`,
        `--socket=${join(this.dir, `${server.name}.sock`)}`,
        `--pid-file=${join(this.dir, `${server.name}.pid`)}`,
        `--init-file=${rootOverTcp(this.dir)}`,
        '--skip-name-resolve',
        `--server-id=${serverId}`,
        // Every server writes a binary log of what it applies, so a promoted replica can serve replicas of its own.
        '--log-bin=mariadb-bin',
        '--log-slave-updates',
        '--binlog-format=ROW',
        '--gtid-strict-mode=ON',
        '--rpl-semi-sync-master-enabled=ON',
        '--rpl-semi-sync-slave-enabled=ON',
        '--rpl-semi-sync-master-wait-point=AFTER_SYNC',
        ...(server.name === 'replica' ? ['--read-only=ON'] : []),
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=16M',
        '--performance-schema=OFF',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.child = track(child, join(this.dir, `${server.name}.log`));
    if (!(await eventually(async () => (await query(server, 'SELECT 1')).length === 1, 30_000))) {
      throw new Error(`mariadbd ${server.name} did not start on port ${server.port} (log: ${this.dir})`);
    }
  }

  private async semiSyncConnected(): Promise<boolean> {
    const [row] = await query(this.primary, "SHOW STATUS LIKE 'Rpl_semi_sync_master_clients'");
    return Number(row?.Value) === 1;
  }
}

/**
 * Waits for every one to end, then fails with the first failure: when one server's step fails, `stop()` must not
 * remove the folders while the other one still writes into them.
 */
async function everyOne(steps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((result) => result.status === 'rejected');
  if (failed) {
    throw failed.reason;
  }
}

async function install(server: MariadbServer, dir: string): Promise<void> {
  mkdirSync(server.dataDir, { recursive: true });
  mkdirSync(temporaryFilesOf(server), { recursive: true });
  const log = join(dir, `${server.name}-install.log`);
  try {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${server.dataDir}`,
      `--tmpdir=${temporaryFilesOf(server)}`,
      `--user=${userInfo().username}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      `--log-error=${log}`,
    ]);
  } catch (error) {
    // The reason is in the log, which `stop()` removes with the folders.
    const why = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : 'no log';
    throw new Error(`mariadb-install-db failed for the ${server.name}: ${why}`, { cause: error });
  }
}

/**
 * A folder of the server's own for its temporary tables. In the shared /tmp, installations running at the same time
 * removed each other's (`Could not remove temporary table '/tmp/#sql-temptable-…'`, then `Unknown table
 * 'mysql.tmp_user_sys'`): 7 of 60 installs four at a time failed here, none of 32 with a folder each.
 */
function temporaryFilesOf(server: MariadbServer): string {
  return `${server.dataDir}-tmp`;
}

/**
 * Root over TCP from 127.0.0.1 (installation only makes root@localhost), outside the binary log so that both servers
 * start with the same (empty) GTID history.
 */
function rootOverTcp(dir: string): string {
  const file = join(dir, 'root-over-tcp.sql');
  writeFileSync(
    file,
    [
      'SET sql_log_bin = 0;',
      "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';",
      "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
    ].join('\n'),
  );
  return file;
}

async function shutDown(server: MariadbServer): Promise<void> {
  const child = server.child;
  server.child = undefined;
  if (!child) {
    return;
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await exited(child);
  clearTimeout(timer);
}

/** One statement on its own short-lived connection (a server of the pair may be gone by the next). */
export async function query(server: MariadbServer, sql: string): Promise<RowDataPacket[]> {
  let connection: Connection | undefined;
  try {
    connection = await createConnection({ host: server.host, port: server.port, user: 'root', connectTimeout: 2000 });
    const [rows] = await connection.query<RowDataPacket[]>(sql);
    return Array.isArray(rows) ? rows : [];
  } finally {
    await connection?.end();
  }
}
