#!/usr/bin/env node
// Group commit of `AtomicWrite` on SQLite (docs/performance.md, "Group commit of atomic writes"): CPU per unit of a
// code exchange's shape (two INSERTs into two tables, one unique key each), 32 units requested per turn of the event
// loop as 32 concurrent exchanges would, on a file database in WAL mode. Run it under `strace -f -c -e
// trace=pwrite64,fsync` to count the WAL's page writes and syncs.
//
//   npm run build && node bench/group-commit.mjs [--dist dist] [--turns 100]
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, turns: { type: 'string', default: '100' } },
});
const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { AtomicWrite } = require(resolve(options.dist, 'src/database/atomic-write.js'));

const UNITS_PER_TURN = 32;
const file = join(tmpdir(), `group-commit-${process.pid}.sqlite`);
const dataSource = new DataSource({
  type: 'better-sqlite3',
  database: file,
  prepareDatabase: (db) => db.pragma('journal_mode = WAL'),
});
await dataSource.initialize();
await dataSource.query('CREATE TABLE redemption (hash TEXT PRIMARY KEY, expires TEXT)');
await dataSource.query('CREATE TABLE token (id INTEGER PRIMARY KEY, hash TEXT UNIQUE, family TEXT, payload TEXT)');
const atomically = new AtomicWrite(dataSource);

let written = 0;
function unit() {
  written += 1;
  return atomically.run([
    {
      sql: 'INSERT INTO redemption VALUES (?, ?)',
      parameters: [`r${written}`.padEnd(43, 'x'), new Date().toISOString()],
    },
    {
      sql: 'INSERT INTO token (hash, family, payload) VALUES (?, ?, ?)',
      parameters: [`t${written}`.padEnd(43, 'y'), `f${written}`, 'z'.repeat(120)],
    },
  ]);
}
async function turns(count) {
  for (let turn = 0; turn < count; turn += 1) {
    await Promise.all(Array.from({ length: UNITS_PER_TURN }, unit));
  }
}

await turns(20);
const before = process.cpuUsage();
const started = process.hrtime.bigint();
const from = written;
await turns(Number(options.turns));
const cpu = process.cpuUsage(before);
const units = written - from;
const perUnit = (us) => (us / units).toFixed(1);
console.log(
  `${units} units, ${UNITS_PER_TURN} per turn: ${perUnit(cpu.user + cpu.system)} µs CPU per unit (user ` +
    `${perUnit(cpu.user)}, system ${perUnit(cpu.system)}), wall ${perUnit(Number(process.hrtime.bigint() - started) / 1e3)} µs`,
);
await dataSource.destroy();
for (const suffix of ['', '-wal', '-shm']) {
  rmSync(file + suffix, { force: true });
}
