// Fills a bench database (already migrated by the service) with the rows of bench/lib/seed-rows.mjs, straight
// through the driver: better-sqlite3 in one transaction with prepared statements, mysql2 with multi-row INSERTs.
import { createRequire } from 'node:module';
import { COLUMNS, rowsOf, seedPlan } from './seed-rows.mjs';

const require = createRequire(new URL('../../package.json', import.meta.url));

/** Written in this order: each table's rows refer to the ones before. */
const TABLES = Object.keys(COLUMNS);
/** Rows per multi-row INSERT on MariaDB: a few hundred KiB of SQL, well under max_allowed_packet. */
const MYSQL_BATCH = 2000;
/** MariaDB: the token tables get their secondary indexes back after the load (built by sorting, not row by row). */
const REINDEXED = ['oauth2_access_tokens', 'oauth2_refresh_tokens'];

/** Dates as TypeORM stores them: UTC, milliseconds on SQLite, seconds in MariaDB's DATETIME. */
const sqliteDate = (date) => date.toISOString().slice(0, 23).replace('T', ' ');
const mysqlDate = (date) => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * Seeds `counts` ({ users, consumers, tokens }) into the backend's database; answers the seconds each table took and
 * the plan (for the report).
 */
export async function seedDatabase(backend, counts, log = () => {}) {
  return backend.kind === 'sqlite' ? seedSqlite(backend, counts, log) : seedMysql(backend, counts, log);
}

function seedSqlite(backend, counts, log) {
  const Database = require('better-sqlite3');
  const db = new Database(backend.databaseUrl.slice('sqlite:'.length));
  db.pragma('busy_timeout = 30000');
  // this connection only: the whole load in memory, no fsync until the end
  db.pragma('cache_size = -1048576');
  db.pragma('synchronous = OFF');
  const firstIds = Object.fromEntries(
    TABLES.map((table) => [table, db.prepare(`SELECT COALESCE(MAX(id), 0) + 1 AS next FROM ${table}`).get().next]),
  );
  const plan = seedPlan({ ...counts, firstIds });
  const references = {};
  const timings = {};
  db.transaction(() => {
    for (const table of TABLES) {
      const started = Date.now();
      const columns = COLUMNS[table];
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      let count = 0;
      for (const row of rowsOf(table, plan, references)) {
        insert.run(row.map((value) => (value instanceof Date ? sqliteDate(value) : value)));
        count += 1;
      }
      timings[table] = { rows: count, seconds: (Date.now() - started) / 1000 };
      log(`  ${table}: ${count} rows in ${timings[table].seconds.toFixed(1)} s`);
    }
  })();
  const started = Date.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  timings.checkpoint = { seconds: (Date.now() - started) / 1000 };
  db.close();
  return { plan, timings };
}

async function seedMysql(backend, counts, log) {
  const mysql = require('mysql2/promise');
  const connections = await Promise.all([0, 1].map(() => mysql.createConnection(backend.databaseUrl)));
  try {
    for (const connection of connections) {
      // the rows are consistent by construction; the checks would only slow the load
      await connection.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    }
    const [first] = connections;
    const firstIds = {};
    for (const table of TABLES) {
      const [[{ next }]] = await first.query(`SELECT COALESCE(MAX(id), 0) + 1 AS next FROM ${table}`);
      firstIds[table] = Number(next);
    }
    const plan = seedPlan({ ...counts, firstIds });
    const references = {};
    const timings = {};
    for (const table of TABLES) {
      const started = Date.now();
      const indexes = REINDEXED.includes(table) ? await dropSecondaryIndexes(first, table) : [];
      const count = await insertBatches(connections, table, rowsOf(table, plan, references));
      const loaded = Date.now();
      if (indexes.length > 0) {
        await first.query(`ALTER TABLE ${table} ${indexes.join(', ')}`);
      }
      timings[table] = {
        rows: count,
        seconds: (Date.now() - started) / 1000,
        indexSeconds: (Date.now() - loaded) / 1000,
      };
      log(
        `  ${table}: ${count} rows in ${timings[table].seconds.toFixed(1)} s` +
          (indexes.length
            ? ` (of which ${timings[table].indexSeconds.toFixed(1)} s rebuilding ${indexes.length} indexes)`
            : ''),
      );
    }
    return { plan, timings };
  } finally {
    await Promise.all(connections.map((connection) => connection.end()));
  }
}

/** Two INSERTs in flight at a time, one per connection, while the next batch is built. */
async function insertBatches(connections, table, rows) {
  const { escape } = require('mysql2');
  const head = `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES `;
  const format = (row) =>
    `(${row.map((value) => (value instanceof Date ? `'${mysqlDate(value)}'` : escape(value))).join(',')})`;
  const inFlight = new Map();
  let count = 0;
  let batch = [];
  let turn = 0;
  const send = async () => {
    const connection = connections[turn % connections.length];
    turn += 1;
    await inFlight.get(connection);
    inFlight.set(connection, connection.query(head + batch.join(',')));
    batch = [];
  };
  for (const row of rows) {
    batch.push(format(row));
    count += 1;
    if (batch.length === MYSQL_BATCH) {
      await send();
    }
  }
  if (batch.length > 0) {
    await send();
  }
  await Promise.all(inFlight.values());
  return count;
}

/**
 * Drops the table's secondary indexes that no foreign key needs; answers the ALTER TABLE clauses that put them back
 * exactly as the migrations made them (same names, columns, uniqueness).
 */
async function dropSecondaryIndexes(connection, table) {
  const [rows] = await connection.query(
    `SELECT s.INDEX_NAME AS name, s.NON_UNIQUE AS nonUnique, s.COLUMN_NAME AS columnName, s.SEQ_IN_INDEX AS seq,
            s.SUB_PART AS subPart
       FROM information_schema.STATISTICS s
      WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.INDEX_NAME <> 'PRIMARY'
      ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX`,
    [table],
  );
  const [foreign] = await connection.query(
    `SELECT COLUMN_NAME AS columnName FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
    [table],
  );
  const foreignColumns = new Set(foreign.map((row) => row.columnName));
  const indexes = new Map();
  for (const row of rows) {
    const index = indexes.get(row.name) ?? { unique: Number(row.nonUnique) === 0, columns: [] };
    index.columns.push(row.subPart ? `\`${row.columnName}\`(${row.subPart})` : `\`${row.columnName}\``);
    indexes.set(row.name, index);
  }
  const restore = [];
  for (const [name, index] of indexes) {
    const first = /`([^`]+)`/.exec(index.columns[0])[1];
    if (!foreignColumns.has(first)) {
      await connection.query(`ALTER TABLE ${table} DROP INDEX \`${name}\``);
      restore.push(`ADD ${index.unique ? 'UNIQUE ' : ''}INDEX \`${name}\` (${index.columns.join(', ')})`);
    }
  }
  return restore;
}
