import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../config/app-config';

/**
 * Backup and restore of the service's database, each with the engine's own consistent way (docs/operations.md):
 *
 * - SQLite: the online backup API (better-sqlite3's `backup`, sqlite3_backup_*). It copies a live database page by
 *   page from its own connection; a write by the service during the copy restarts it, so the copy is one consistent
 *   state, and the service never stops.
 * - MariaDB/MySQL: `mariadb-dump --single-transaction`, one REPEATABLE READ snapshot of every InnoDB table without
 *   locking them (the tables are all InnoDB), restored with the `mariadb` client into an empty database.
 *
 * What is not in the database is not in the backup: the server key (`OAUTH_SECRET_KEY`) that client secrets are
 * derived from and secrets sealed with, and the signing key files; both must be kept with the backup, or the restored
 * secrets and tokens are useless. Redis holds only short-lived state (sessions, codes, counters) and is not backed up.
 */
export async function backupDatabase(database: AppConfig['database'], destination: string): Promise<void> {
  if (database.type === 'sqlite') {
    const source = new Database(database.path, { fileMustExist: true, readonly: true });
    try {
      await source.backup(destination);
    } finally {
      source.close();
    }
    return;
  }
  await run(
    dumpCommand(),
    ['--single-transaction', '--quick', '--hex-blob', '--routines', '--triggers'],
    database.url,
    {
      stdout: destination,
    },
  );
}

/**
 * Restores a backup into `database`, which must be new and empty (a fresh SQLite path, or an empty MariaDB
 * database): a restore never overwrites live data.
 */
export async function restoreDatabase(database: AppConfig['database'], backup: string): Promise<void> {
  if (database.type === 'sqlite') {
    if (existsSync(database.path)) {
      throw new Error(`${database.path} exists already; restore into a new path`);
    }
    await copyFile(backup, database.path);
    return;
  }
  await run(clientCommand(), [], database.url, { stdin: backup });
}

/** The dump and client programs of Debian's packages: MariaDB's names, or MySQL's where only those are installed. */
function dumpCommand(): string {
  return existsSync('/usr/bin/mariadb-dump') ? '/usr/bin/mariadb-dump' : '/usr/bin/mysqldump';
}

function clientCommand(): string {
  return existsSync('/usr/bin/mariadb') ? '/usr/bin/mariadb' : '/usr/bin/mysql';
}

/** Runs a MariaDB program against the database of `url`; the password goes through the environment, not argv. */
async function run(
  command: string,
  options: string[],
  url: string,
  io: { stdout?: string; stdin?: string },
): Promise<void> {
  const target = new URL(url);
  const args = [
    ...options,
    `--host=${target.hostname}`,
    `--port=${target.port || '3306'}`,
    `--user=${decodeURIComponent(target.username)}`,
    decodeURIComponent(target.pathname.slice(1)),
  ];
  const child = spawn(command, args, {
    // The child gets nothing of the service's environment (its secrets) but the password it needs.
    env: { MYSQL_PWD: decodeURIComponent(target.password) },
    stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  await Promise.all([
    io.stdout && child.stdout ? pipeline(child.stdout, createWriteStream(io.stdout)) : undefined,
    io.stdin && child.stdin ? pipeline(createReadStream(io.stdin), child.stdin) : undefined,
  ]);
  const code = await exited;
  if (code !== 0) {
    throw new Error(`${command} failed (exit ${code}): ${errors.trim()}`);
  }
}
