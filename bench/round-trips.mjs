// `node bench/round-trips.mjs [--requests N] [--instances K] [--concurrency C]` (after `npm run build`): the database statements and
// Redis commands one request of each kind costs on MariaDB + Redis, and the CPU the instances spent on it (issue 24
// item 5, docs/performance.md "Sizing").
//
// Counted where they land, so nothing else on the machine is counted: the statements in MariaDB's
// information_schema.USER_STATISTICS of a user of the run's own (`userstat` is switched on for the run and back
// after), the commands in `INFO commandstats` of a redis-server of the run's own. Each kind is sent `--requests`
// times one after the other, after as many sent to warm the caches, round-robin over `--instances` instances on the
// same database and Redis (as behind a load balancer): what one more request costs once caches are warm. The
// service's own background work (the outbox poller, the purge jobs) is counted over an idle window as long as the
// measured one and taken off. The instances share one core, this process (the client, `--concurrency` requests at a
// time) the other: the CPU is what the instances spent per request at the rate this client reaches, a cost, not a
// throughput (bench/run.mjs saturates one instance with wrk).
/* global fetch */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { mysqlDatabase } from './lib/backends.mjs';
import { cleanups, runCleanups } from './lib/cleanups.mjs';
import { dpopProof } from './lib/dpop-proofs.mjs';
import { signedHeader } from './lib/oauth1-headers.mjs';
import { freePort } from './lib/pinned-process.mjs';
import { CLK_TCK, ticksOf } from './lib/proc-stat.mjs';
import { ORIGINAL_OAUTH1_URL, buildScenarios } from './lib/scenarios.mjs';
import { freshServiceEnv, startService } from './lib/service-process.mjs';
import { ADMIN, prepareCredentials } from './lib/setup.mjs';

const require = createRequire(new URL('../package.json', import.meta.url));
const mysql = require('mysql2/promise');
const { createClient } = require('@redis/client');

const SCENARIO_IDS = [
  'baseline',
  'bearer-gw',
  'dpop-gw',
  'oauth1-gw',
  'introspect-gw',
  'cc-issue-gw',
  'refresh-gw',
  'code-gw',
];

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    instances: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    mysql: { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/' },
  },
});
const REQUESTS = Number(options.requests);
const INSTANCES = Number(options.instances);
const CONCURRENCY = Number(options.concurrency);
/** The instances on one core, this process on the other, as bench/run.mjs places the servers and wrk. */
const SERVER_CORE = '0';
const CLIENT_CORE = '1';

async function startRedis(work) {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', work], {
    stdio: 'ignore',
  });
  cleanups.push(async () => {
    child.kill('SIGKILL');
  });
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  for (let tries = 0; ; tries += 1) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (tries > 50) {
        throw error;
      }
      await sleep(100);
    }
  }
  cleanups.push(() => client.quit());
  return { url: `redis://127.0.0.1:${port}`, client };
}

/** A database, a user who may use only it, and `userstat` on to count that user's statements. */
async function countedDatabase() {
  const database = await mysqlDatabase(options.mysql);
  cleanups.push(database.drop);
  const name = new URL(database.url).pathname.slice(1);
  const user = `rt_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const root = await mysql.createConnection(options.mysql);
  cleanups.push(() => root.end());
  await root.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  await root.query(`GRANT ALL ON \`${name}\`.* TO '${user}'@'%'`);
  const [[{ userstat }]] = await root.query('SELECT @@GLOBAL.userstat AS userstat');
  await root.query('SET GLOBAL userstat = 1');
  cleanups.push(async () => {
    await root.query(`SET GLOBAL userstat = ${Number(userstat)}`);
    await root.query(`DROP USER '${user}'@'%'`);
  });
  const url = new URL(database.url);
  url.username = user;
  url.password = password;
  const statements = async () => {
    const [rows] = await root.query(
      'SELECT SELECT_COMMANDS AS `reads`, UPDATE_COMMANDS AS `writes`, OTHER_COMMANDS AS `other` ' +
        'FROM information_schema.USER_STATISTICS WHERE USER = ?',
      [user],
    );
    const row = rows[0] ?? { reads: 0, writes: 0, other: 0 };
    return { reads: Number(row.reads), writes: Number(row.writes), other: Number(row.other) };
  };
  return { url: url.toString(), statements };
}

/** Calls per Redis command since the server started, the INFO that reads them left out. */
async function redisCommands(client) {
  const counts = {};
  for (const line of (await client.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && match[1] !== 'info') {
      counts[match[1]] = Number(match[2]);
    }
  }
  return counts;
}

function difference(after, before) {
  return Object.fromEntries(
    Object.keys(after)
      .map((key) => [key, after[key] - (before[key] ?? 0)])
      .filter(([, count]) => count !== 0),
  );
}

/** `count` requests of `scenario` as its own check would accept them, spread over `urls` round-robin. */
async function requestsOf(scenario, credentials, count) {
  const bodies = scenario.pool ? await scenario.pool.mint(count) : [];
  return Array.from({ length: count }, (_, index) => {
    const headers = { ...scenario.headers };
    if (scenario.oauth1) {
      const nonce = randomBytes(12).toString('hex');
      headers.Authorization = signedHeader(
        'GET',
        ORIGINAL_OAUTH1_URL,
        credentials.oauth1,
        nonce,
        Math.floor(Date.now() / 1000),
      );
    }
    if (scenario.dpop) {
      const { alg, htm, htu } = scenario.dpop;
      headers.DPoP = dpopProof(credentials.dpop[alg].key, htm, htu, credentials.dpop[alg].token);
    }
    return { method: scenario.method ?? 'GET', headers, body: scenario.pool ? bodies[index] : scenario.body };
  });
}

/** `requests` of `scenario`, `CONCURRENCY` at a time, the n-th to instance n mod count (as a round-robin balancer). */
async function send(scenario, instances, requests) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      // The same path on that instance: each has its own ports, the scenario was built for the first.
      const url = new URL(scenario.url);
      const instance = instances[index % instances.length];
      url.port = String(url.port === String(instances[0].gatewayPort) ? instance.gatewayPort : instance.mainPort);
      const answer = await fetch(url, { ...requests[index], redirect: 'manual' });
      const text = await answer.text();
      if (!scenario.check({ status: answer.status, text, headers: answer.headers })) {
        throw new Error(`${scenario.id}: unexpected answer ${answer.status} ${text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function counters(database, redis) {
  return { statements: await database.statements(), commands: await redisCommands(redis.client) };
}

function perRequest(measured, idle) {
  const per = (value) => Math.round((value / REQUESTS) * 10) / 10;
  const statements = Object.fromEntries(
    Object.entries(measured.statements).map(([kind, count]) => [kind, per(count - (idle.statements[kind] ?? 0))]),
  );
  const commands = Object.fromEntries(
    Object.entries(measured.commands)
      .map(([name, count]) => [name, per(count - (idle.commands[name] ?? 0))])
      .filter(([, count]) => count > 0),
  );
  const cpuUs = Math.round((measured.cpuUs - idle.cpuUs) / REQUESTS);
  return { statements, commands, cpuUs, rate: Math.round((REQUESTS / measured.elapsed) * 1000) };
}

async function measure(database, redis, pids, run) {
  const before = await counters(database, redis);
  const ticks = ticksOf(pids);
  const started = Date.now();
  await run();
  const elapsed = Date.now() - started;
  const cpuUs = ((ticksOf(pids) - ticks) / CLK_TCK) * 1e6;
  const after = await counters(database, redis);
  return {
    elapsed,
    cpuUs,
    statements: difference(after.statements, before.statements),
    commands: difference(after.commands, before.commands),
  };
}

async function main() {
  execFileSync('taskset', ['-pc', CLIENT_CORE, String(process.pid)], { stdio: 'ignore' });
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-round-trips-'));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  const database = await countedDatabase();
  const redis = await startRedis(work);
  const backend = { databaseUrl: database.url, cacheUrl: redis.url, cachePrefix: 'gatehouse-rt:' };
  const shared = await freshServiceEnv({ work, backend, admin: ADMIN });
  const instances = [];
  for (let number = 0; number < INSTANCES; number += 1) {
    // One issuer, signing key and server key for all (PUBLIC_URL, OAUTH2_PRIVATE_KEY, OAUTH_SECRET_KEY), as behind a
    // load balancer; ports of their own.
    const own = number === 0 ? {} : { PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()) };
    const env = { ...shared, ...own };
    const name = `service-${number}`;
    instances.push(await startService({ name, serviceDir: process.cwd(), core: SERVER_CORE, env, work, cleanups }));
  }
  const credentials = await prepareCredentials(
    `http://127.0.0.1:${instances[0].mainPort}`,
    ADMIN.username,
    ADMIN.password,
  );
  const scenarios = buildScenarios(SCENARIO_IDS, { service: instances[0] }, credentials);
  const pids = instances.map((instance) => instance.pid);
  const rows = [];
  for (const scenario of scenarios) {
    await send(scenario, instances, await requestsOf(scenario, credentials, REQUESTS));
    const requests = await requestsOf(scenario, credentials, REQUESTS);
    const measured = await measure(database, redis, pids, () => send(scenario, instances, requests));
    const idle = await measure(database, redis, pids, () => sleep(measured.elapsed));
    rows.push({ id: scenario.id, title: scenario.title, ...perRequest(measured, idle) });
  }
  const instancesTitle = `${INSTANCES} instance${INSTANCES > 1 ? 's' : ''}`;
  console.log(`| request (${instancesTitle}) | SQL reads | SQL writes | other SQL | Redis commands | CPU µs | req/s |`);
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const row of rows) {
    const commands = Object.entries(row.commands)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    const { reads = 0, writes = 0, other = 0 } = row.statements;
    console.log(
      `| \`${row.id}\` | ${reads} | ${writes} | ${other} | ${commands || '—'} | ${row.cpuUs} | ${row.rate} |`,
    );
  }
}

try {
  await main();
} finally {
  await runCleanups();
}
