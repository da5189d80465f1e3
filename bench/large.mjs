#!/usr/bin/env node
// Cost as the tables grow (`npm run bench:large`; not part of the test suite). See docs/performance.md.
//
// Per backend: one server on a small database (only the bench's own credentials) and one per seeded size (users,
// consumers, authorizations, access and refresh tokens written straight through the driver), all pinned to the
// same core; the scenarios run interleaved across the servers, and each seeded server's CPU per request and p99
// are compared with the small one's. The query plans of the hot paths' statements are recorded on the seeded
// databases.
//
//   node bench/large.mjs [--backends sqlite,mysql] [--rows 1e6[,1e7]] [--users 100000] [--consumers 10000]
//                        [--rounds 3] [--duration 3] [--warmup 2] [--connections 32] [--scenarios id,id]
//   node bench/large.mjs --sustained 600 [--backends sqlite] [--sample 2]     (see bench/lib/sustained.mjs)
//
// --buffer-pool 4096 sets MariaDB's innodb_buffer_pool_size (MiB) for the run and puts it back after: the indexes of
// a seeded table outgrow the default 128 MiB, and the run then shows the pool, not the table (docs/operations.md).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshBackend } from './lib/backends.mjs';
import { cleanups, runCleanups } from './lib/cleanups.mjs';
import { describeService } from './lib/describe-service.mjs';
import { explainHotPaths, formatPlans } from './lib/explain.mjs';
import { DISTURBED, measureOnce, waitForQuiet } from './lib/measure.mjs';
import { median } from './lib/median.mjs';
import { preflight } from './lib/preflight.mjs';
import { serviceProcesses } from './lib/proc-stat.mjs';
import { LARGE_IDS, buildScenarios } from './lib/scenarios.mjs';
import { seedDatabase } from './lib/seed.mjs';
import { freshServiceEnv, startService } from './lib/service-process.mjs';
import { ADMIN, prepareCredentials, probe } from './lib/setup.mjs';
import { runSustained, sustainedMarkdown } from './lib/sustained.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mysql = createRequire(import.meta.url)('mysql2/promise');
process.chdir(ROOT);

const { values: options } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,mysql' },
    rows: { type: 'string', default: '1e6' },
    users: { type: 'string', default: '100000' },
    consumers: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    scenarios: { type: 'string', default: '' },
    sustained: { type: 'string', default: '' },
    sample: { type: 'string', default: '2' },
    'sustained-scenario': { type: 'string', default: 'cc-issue' },
    // how long to wait for other processes to calm down before each run (0: measure at once, e.g. to try it out)
    'quiet-wait': { type: 'string', default: '120' },
    'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/' },
    'buffer-pool': { type: 'string', default: '' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'server-core': { type: 'string', default: '0' },
    'client-core': { type: 'string', default: '1' },
    'service-dir': { type: 'string', default: '' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const SERVICE_DIR = resolve(options['service-dir'] || ROOT);
const SIZES = options.rows.split(',').map(Number);
/** The largest growth of CPU per request and of p99, seeded over small, that counts as flat (issue 12 item 4). */
const FLAT = 1.15;
const load = {
  serverCore: options['server-core'],
  clientCore: options['client-core'],
  connections: Number(options.connections),
  servicePids: serviceProcesses(),
};

/** A fresh database of `kind`, a server on it, seeded with `rows` tokens (none: the small one), with credentials. */
async function prepareInstance(kind, rows, extraEnv = {}) {
  const { work, backend } = await freshBackend(
    kind,
    'gatehouse-large',
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  const env = { ...(await freshServiceEnv({ work, backend, admin: ADMIN })), ...extraEnv };
  // a fresh MariaDB database takes its migrations at start-up
  const server = await startService({
    name: 'server',
    serviceDir: SERVICE_DIR,
    core: load.serverCore,
    env,
    work,
    cleanups,
    timeoutMs: 180_000,
  });
  let seed;
  if (rows > 0) {
    const counts = { users: Number(options.users), consumers: Number(options.consumers), tokens: rows };
    console.log(`seeding ${kind}: ${JSON.stringify(counts)}`);
    const started = Date.now();
    seed = await seedDatabase(backend, counts, console.log);
    seed.seconds = (Date.now() - started) / 1000;
    console.log(`seeded in ${seed.seconds.toFixed(1)} s`);
  }
  const credentials = await prepareCredentials(`http://127.0.0.1:${server.mainPort}`, ADMIN.username, ADMIN.password);
  return {
    kind,
    rows,
    backend,
    server,
    credentials,
    seed,
    label: rows > 0 ? `${rows.toExponential(0)} rows` : 'small',
  };
}

async function checkScenarios(instance, selected) {
  for (const scenario of selected) {
    // fetch sets Host from the URL
    const { Host: _host, ...headers } = scenario.headers ?? {};
    let answer;
    try {
      answer = await probe(scenario.url, { method: scenario.method, headers, body: scenario.body });
    } catch (error) {
      const log = readFileSync(instance.server.logPath, 'utf8').slice(-3000);
      throw new Error(
        `${instance.label} ${scenario.id}: ${error.message} (${error.cause?.message}); server log:\n${log}`,
        { cause: error },
      );
    }
    if (!scenario.check(answer)) {
      throw new Error(
        `${instance.label} ${scenario.id}: unexpected answer ${answer.status} ${answer.text.slice(0, 300)}`,
      );
    }
  }
}

/** One run, redone (up to twice) when other processes took more than DISTURBED of a core meanwhile. */
async function measure(instances, instance, scenario, seconds) {
  const benchPids = instances.map((i) => i.server.pid);
  const patience = Number(options['quiet-wait']);
  let run;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await waitForQuiet({ ...load, benchPids }, patience);
    run = await measureOnce({ ...load, pid: instance.server.pid, benchPids }, scenario, seconds);
    if (run.otherLoad <= DISTURBED || patience === 0) {
      break;
    }
    console.log(`  (other processes used ${(run.otherLoad * 100).toFixed(0)}% of a core meanwhile; redoing)`);
    await sleep(2000);
  }
  return run;
}

async function compareBackend(kind) {
  const instances = [await prepareInstance(kind, 0)];
  for (const rows of SIZES) {
    instances.push(await prepareInstance(kind, rows));
  }
  const { title, versions } = instances[0].backend;
  console.log(`\n== ${title} (${versions.join(', ')}): ${instances.map((i) => i.label).join(', ')} ==`);
  const wanted = options.scenarios ? options.scenarios.split(',') : undefined;
  for (const instance of instances) {
    const ids = LARGE_IDS.filter((id) => !wanted || wanted.includes(id) || id === 'baseline');
    instance.scenarios = buildScenarios(ids, { service: instance.server }, instance.credentials);
    await checkScenarios(instance, instance.scenarios);
  }
  const plans = [];
  for (const instance of instances.slice(1)) {
    plans.push({ label: instance.label, plans: await explainHotPaths(instance.backend) });
  }
  const ids = instances[0].scenarios.map((s) => s.id);
  const benchPids = instances.map((i) => i.server.pid);
  for (const instance of instances) {
    for (const scenario of instance.scenarios) {
      await measureOnce({ ...load, pid: instance.server.pid, benchPids }, scenario, Number(options.warmup));
    }
  }
  const runs = new Map(instances.map((instance) => [instance, new Map(ids.map((id) => [id, []]))]));
  for (let round = 0; round < Number(options.rounds); round += 1) {
    for (const [index, id] of ids.entries()) {
      // each scenario on every server in turn, starting with a different server each time
      for (let k = 0; k < instances.length; k += 1) {
        const instance = instances[(k + round + index) % instances.length];
        const scenario = instance.scenarios.find((s) => s.id === id);
        const run = await measure(instances, instance, scenario, Number(options.duration));
        runs.get(instance).get(id).push(run);
        console.log(
          `round ${round + 1} ${id.padEnd(16)} ${instance.label.padEnd(9)} ${run.rps.toFixed(0).padStart(6)} req/s  ` +
            `p99 ${run.p99_ms.toFixed(2)} ms  ${run.cpu_us.toFixed(0)} µs CPU/req  db/cache ${(run.dbCpu * 100).toFixed(0)}%` +
            (run.errors > 0 ? `  ERRORS ${run.errors}` : ''),
        );
      }
    }
  }
  const rows = ids.map((id) => {
    const of = (instance) => {
      const list = runs.get(instance).get(id);
      return {
        rps: median(list.map((r) => r.rps)),
        p99_ms: median(list.map((r) => r.p99_ms)),
        cpu_us: median(list.map((r) => r.cpu_us)),
        dbCpu: median(list.map((r) => r.dbCpu)),
        errors: list.reduce((a, r) => a + r.errors, 0),
        rounds: list,
      };
    };
    const small = of(instances[0]);
    return {
      id,
      title: instances[0].scenarios.find((s) => s.id === id).title,
      small,
      large: instances.slice(1).map((instance) => {
        const figures = of(instance);
        const cpuRatio = figures.cpu_us / small.cpu_us;
        const p99Ratio = figures.p99_ms / small.p99_ms;
        return { label: instance.label, ...figures, cpuRatio, p99Ratio, flat: cpuRatio <= FLAT && p99Ratio <= FLAT };
      }),
    };
  });
  const seeds = instances.slice(1).map((i) => ({ label: i.label, rows: i.rows, ...i.seed }));
  return { kind, title, versions, rows, seeds, plans };
}

function markdown(results, info) {
  const lines = [
    `Machine: ${info.cpu}, ${info.cores} cores (servers on core ${load.serverCore}, wrk on core ${load.clientCore}); ` +
      `Node ${process.version}. Run: ${info.date}, service ${info.service}; ${options.rounds} interleaved rounds × ` +
      `${options.duration} s per scenario and server after a ${options.warmup} s warm-up, wrk -t1 -c${options.connections}; ` +
      `medians of the rounds. Flat: seeded ≤ ${FLAT} × small, in CPU per request and in p99.`,
    '',
  ];
  for (const result of results) {
    lines.push(`### ${result.title} (${result.versions.join(', ')})`, '');
    for (const seed of result.seeds) {
      const tables = Object.entries(seed.timings)
        .map(
          ([table, t]) => `${table} ${t.rows ?? ''}${t.rows !== undefined ? ' rows ' : ' '}${t.seconds.toFixed(1)} s`,
        )
        .join('; ');
      lines.push(`Seeding ${seed.label}: ${seed.seconds.toFixed(1)} s (${tables}).`, '');
    }
    const head = ['scenario', 'small: CPU µs/req', 'small: p99 ms'];
    for (const seed of result.seeds) {
      head.push(`${seed.label}: CPU µs/req`, `${seed.label}: p99 ms`, `${seed.label}: × small (CPU, p99)`);
    }
    lines.push(`| ${head.join(' | ')} |`, `| --- |${' ---: |'.repeat(head.length - 1)}`);
    for (const row of result.rows) {
      const cells = [row.title, row.small.cpu_us.toFixed(0), row.small.p99_ms.toFixed(2)];
      for (const large of row.large) {
        cells.push(
          large.cpu_us.toFixed(0),
          large.p99_ms.toFixed(2),
          `${large.cpuRatio.toFixed(2)}, ${large.p99Ratio.toFixed(2)}${large.flat ? '' : ' **over**'}`,
        );
      }
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
    for (const { label, plans } of result.plans) {
      lines.push(formatPlans(`${result.title}, ${label}`, plans), '');
    }
  }
  return lines.join('\n');
}

function consoleTable(result) {
  console.log(`\n${result.title}: medians; CPU µs/req and p99 ms, seeded ÷ small`);
  for (const row of result.rows) {
    const parts = row.large.map(
      (l) =>
        `${l.label}: ${l.cpu_us.toFixed(0)} µs ${l.p99_ms.toFixed(2)} ms (× ${l.cpuRatio.toFixed(2)}, ${l.p99Ratio.toFixed(2)})` +
        (l.flat ? '' : ' OVER'),
    );
    console.log(
      `${row.id.padEnd(16)} small: ${row.small.cpu_us.toFixed(0)} µs ${row.small.p99_ms.toFixed(2)} ms   ${parts.join('   ')}`,
    );
  }
}

/** MariaDB's buffer pool at `mib` MiB until the backend's cleanups put the server's own size back. */
async function sizeBufferPool(mib) {
  const root = await mysql.createConnection(options['mysql-url']);
  const [[{ size }]] = await root.query('SELECT @@GLOBAL.innodb_buffer_pool_size AS size');
  await root.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(mib) * 1024 * 1024}`);
  cleanups.push(async () => {
    await root.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(size)}`);
    await root.end();
  });
  console.log(`innodb_buffer_pool_size ${Number(size) / 1048576} -> ${mib} MiB for this run`);
}

async function main() {
  preflight(SERVICE_DIR, 'npm run bench:large');
  spawnSync('taskset', ['-a', '-cp', load.clientCore, String(process.pid)]);
  const info = {
    cpu: cpus()[0].model,
    cores: cpus().length,
    date: new Date().toISOString(),
    service: describeService(SERVICE_DIR),
  };
  mkdirSync(options.out, { recursive: true });
  const kinds = options.backends.split(',').filter(Boolean);
  try {
    if (options.sustained) {
      const results = [];
      for (const kind of kinds) {
        results.push(
          await runSustained({
            kind,
            seconds: Number(options.sustained),
            sampleSeconds: Number(options.sample),
            scenarioId: options['sustained-scenario'],
            load,
            prepareInstance,
          }),
        );
        await runCleanups();
      }
      const text = sustainedMarkdown(results, info);
      writeFileSync(
        join(options.out, 'large-sustained.json'),
        `${JSON.stringify({ ...info, options, results }, null, 2)}\n`,
      );
      writeFileSync(join(options.out, 'large-sustained.md'), `${text}\n`);
      console.log(`\n${text}\nresults: ${join(options.out, 'large-sustained.md')}`);
      return;
    }
    const results = [];
    for (const kind of kinds) {
      if (kind === 'mysql' && options['buffer-pool']) {
        await sizeBufferPool(options['buffer-pool']);
      }
      const result = await compareBackend(kind);
      await runCleanups();
      results.push(result);
      consoleTable(result);
    }
    const text = markdown(results, info);
    writeFileSync(join(options.out, 'large.json'), `${JSON.stringify({ ...info, options, results }, null, 2)}\n`);
    writeFileSync(join(options.out, 'large.md'), `${text}\n`);
    console.log(`\n${text}\nresults: ${join(options.out, 'large.md')}, ${join(options.out, 'large.json')}`);
  } finally {
    await runCleanups();
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.stack : error);
  await runCleanups();
  process.exit(1);
});
