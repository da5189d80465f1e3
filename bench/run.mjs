#!/usr/bin/env node
// Gatehouse benchmark (`npm run bench`; not part of the test suite). See docs/performance.md.
//
// Starts the built service (dist/) pinned to one core, and wrk (Debian's `wrk`) pinned to the other, on each
// backend in turn (SQLite + memory, MariaDB + Redis). Beside it, pinned to the same core: a second instance of the
// service on the same database with an ES256 key, node-oidc-provider (the peer, bench/peer/oidc-provider.mjs) and a
// bare Nest app (bench/peer/bare-nest.mjs). Every scenario runs once to warm up, then the scenarios are interleaved
// over several rounds; the table shows medians of the rounds: req/s, p50/p99 latency, the measured process's CPU
// time per request (utime+stime of the whole process from /proc/<pid>/stat, over requests completed), throughput
// relative to the service's bare route (the baseline), and CPU per request and throughput relative to the peer.
//
//   node bench/run.mjs [--backends sqlite,mysql] [--rounds 5] [--duration 3] [--warmup 2] [--connections 32]
//                      [--scenarios id,id] [--compare bench/results/previous.json] [--profile] [--out bench/results]
//                      [--before ../gatehouse-before] [--tracing]
//
// --tracing runs every instance with OpenTelemetry tracing on (the --before build too, which ignores it if it predates
// tracing), every request sampled, exporting OTLP/HTTP to a local sink (lib/trace-sink.mjs): docs/performance.md.
//
// --before measures another build of the service (a directory with its dist/ and node_modules/, on a database and
// cache of its own) in the same interleaved rounds, on the rows whose regression is checked (REGRESSION_ROWS): the
// table gains `before-*` rows, and each row's CPU per request is held to 1.1× the other build's.
//
// --profile runs the service under `node --cpu-prof` instead, each scenario once, and prints per scenario the
// functions with the most self time (samples cut to the scenario's time window).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freshBackend, writeEs256Key } from './lib/backends.mjs';
import { cleanups, runCleanups } from './lib/cleanups.mjs';
import { describeService } from './lib/describe-service.mjs';
import { formatSummary, loadProfile, summariseWindow } from './lib/cpu-profile.mjs';
import { writeHeaderFile } from './lib/oauth1-headers.mjs';
import { dpopProof, writeProofFile } from './lib/dpop-proofs.mjs';
import { startBareNest, startPeer } from './lib/peer.mjs';
import { DISTURBED, measureOnce as measureRun, waitForQuiet } from './lib/measure.mjs';
import { median } from './lib/median.mjs';
import { freePort } from './lib/pinned-process.mjs';
import { CLK_TCK, serviceProcesses } from './lib/proc-stat.mjs';
import { consoleTable, markdown } from './lib/report.mjs';
import { preflight } from './lib/preflight.mjs';
import { RssSampler } from './lib/rss-sampler.mjs';
import { ORIGINAL_OAUTH1_URL, buildScenarios, processOf, selectIds } from './lib/scenarios.mjs';
import { startTraceSink } from './lib/trace-sink.mjs';
import { freshServiceEnv, startService as startServiceProcess } from './lib/service-process.mjs';
import { ADMIN, prepareCredentials, probe } from './lib/setup.mjs';
import { REGRESSION_ROWS, addPeerRatios, issueTargets } from './lib/targets.mjs';
import { mintingDeadline, poolSize, secondsCovered, writeBodyFile } from './lib/token-pools.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const { values: options } = parseArgs({
  options: {
    backends: { type: 'string', default: process.env.BENCH_BACKENDS ?? 'sqlite,mysql' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '5' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '3' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP ?? '2' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '32' },
    scenarios: { type: 'string', default: process.env.BENCH_SCENARIOS ?? '' },
    'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'server-core': { type: 'string', default: '0' },
    'client-core': { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
    // another build of the service to measure (a directory with dist/ and node_modules/), e.g. to compare a change
    'service-dir': { type: 'string', default: process.env.BENCH_SERVICE_DIR ?? '' },
    label: { type: 'string', default: '' },
    // another build measured in the same rounds (REGRESSION_ROWS): the regression targets compare with it
    before: { type: 'string', default: process.env.BENCH_BEFORE ?? '' },
    // an earlier run's latest.json: the regression targets compare with it
    compare: { type: 'string', default: process.env.BENCH_COMPARE ?? '' },
    // tracing on (OTEL_* pointing at a local OTLP sink), to measure its cost
    tracing: { type: 'boolean', default: false },
    // how long to wait for a quiet machine before each run (0: do not wait, nor redo disturbed runs)
    'quiet-wait': { type: 'string', default: process.env.BENCH_QUIET_WAIT ?? '120' },
  },
});
const SERVICE_DIR = resolve(options['service-dir'] || ROOT);
const BEFORE_DIR = options.before ? resolve(options.before) : undefined;
const ROUNDS = Number(options.rounds);
const DURATION = Number(options.duration);
const WARMUP = Number(options.warmup);
const CONNECTIONS = Number(options.connections);
const SERVER_CORE = options['server-core'];
const CLIENT_CORE = options['client-core'];
const QUIET_WAIT = Number(options['quiet-wait']);
/** How many times longer the scenarios of the other processes than the service warm up. */
const SOLE_WARMUP_FACTOR = 3;

// ---------------------------------------------------------------------------------------------------------------
// Process and machine helpers

const SERVICE_PIDS = serviceProcesses();

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim();
  const wrkVersion = spawnSync('wrk', ['-v']).stdout.toString().split('\n')[0].trim();
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  const memGiB = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024;
  return {
    cpu: model,
    mhz,
    cores: cpus().length,
    memory: `${memGiB.toFixed(0)} GiB`,
    kernel,
    node: process.version,
    wrk: wrkVersion,
    clkTck: CLK_TCK,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The processes measured

/** One instance of the service (`dist/src/main.js` of SERVICE_DIR) with `env`; only `service` is profiled. */
async function startService(name, env, work, serviceDir = SERVICE_DIR) {
  if (options.tracing) {
    const sink = await startTraceSink(cleanups);
    env = { ...env, ...sink.env };
    cleanups.push(async () => console.log(`${name}: trace sink received ${JSON.stringify(sink.received())}`));
  }
  const profileDir = join(work, `cpuprofile-${name}`);
  const nodeFlags =
    options.profile && name === 'service'
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500']
      : [];
  const started = await startServiceProcess({
    name,
    serviceDir,
    core: SERVER_CORE,
    env,
    work,
    nodeFlags,
    cleanups,
  });
  return { ...started, profileDir };
}

/**
 * Starts the service, makes its credentials, then whatever else `ids` measure: the ES256 instance (the same
 * deployment: database, cache and secrets shared; its first key is P-256), the peer and the bare Nest app.
 */
async function startProcesses(backend, work, ids) {
  const needed = new Set(ids.map(processOf));
  const env = await freshServiceEnv({ work, backend, admin: ADMIN });
  const service = await startService('service', env, work);
  console.log(
    `service pid ${service.pid} on core ${SERVER_CORE}; main port ${service.mainPort}, gateway port ${service.gatewayPort}`,
  );
  const credentials = await prepareCredentials(`http://127.0.0.1:${service.mainPort}`, ADMIN.username, ADMIN.password);
  const processes = { service };
  if (needed.has('service-es256')) {
    const es256Env = {
      ...env,
      PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
      OAUTH2_PRIVATE_KEY: writeEs256Key(work),
    };
    processes['service-es256'] = await startService('service-es256', es256Env, work);
    console.log(`ES256 instance pid ${processes['service-es256'].pid}`);
  }
  if (needed.has('peer')) {
    processes.peer = await startPeer({ work, core: SERVER_CORE, cwd: SERVICE_DIR, cleanups });
    console.log(`oidc-provider ${processes.peer.version} pid ${processes.peer.pid}`);
  }
  if (needed.has('bare')) {
    processes.bare = await startBareNest({ work, core: SERVER_CORE, cwd: SERVICE_DIR, cleanups });
    console.log(`bare Nest app pid ${processes.bare.pid}`);
  }
  return { processes, credentials, signingKey: env.OAUTH2_PRIVATE_KEY };
}

/**
 * The other build of --before, on a fresh database and cache of the same kind as `backend` (its migrations may
 * differ), with credentials of its own. Answers { before, credentials }.
 */
async function startBefore(backend) {
  const { work, backend: own } = await freshBackend(
    backend.kind,
    'gatehouse-bench-before',
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  const env = await freshServiceEnv({ work, backend: own, admin: ADMIN });
  const before = await startService('before', env, work, BEFORE_DIR);
  console.log(`before: ${describeService(BEFORE_DIR, '')}, pid ${before.pid}`);
  const credentials = await prepareCredentials(`http://127.0.0.1:${before.mainPort}`, ADMIN.username, ADMIN.password);
  return { before, credentials };
}

/** The scenarios of `ids` that REGRESSION_ROWS names, against the other build, as `before-<id>` rows. */
function beforeScenarios(ids, before, credentials) {
  const compared = ids.filter((id) => REGRESSION_ROWS.includes(id));
  return buildScenarios(compared, { service: before }, credentials).map((scenario) => ({
    ...scenario,
    id: `before-${scenario.id}`,
    title: `${scenario.title}, the --before build`,
    process: 'before',
    credentials,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// One run

/**
 * What one run sends besides fixed headers. OAuth 1: enough signed headers, each with its own nonce, for `seconds`
 * at the rate seen so far, and never fewer than 20 000 a second, since the cold warm-up understates the rate of the
 * runs after it (wrk would wrap and replay). DPoP: proofs, each with its own jti, counted the same way (they carry
 * the time they were signed, and the service takes them for OAUTH2_DPOP_PROOF_WINDOW, 60 s, after it). Single-use
 * credentials: a pool minted the same way (token-pools.mjs).
 */
async function prepareRun(context, scenario, seconds) {
  const path = join(context.work, `${scenario.id}.${scenario.oauth1 || scenario.dpop ? 'headers' : 'bodies'}`);
  if (scenario.oauth1 || scenario.dpop) {
    const rate = Math.max(context.rates.get(scenario.id) ?? 0, 20_000);
    let count = Math.ceil(rate * seconds * 1.4) + 2000;
    const credentials = credentialsOf(context, scenario);
    if (scenario.dpop) {
      const { htm, htu, alg } = scenario.dpop;
      count = writeProofFile(path, count, credentials.dpop[alg].key, htm, htu, credentials.dpop[alg].token);
    } else {
      writeHeaderFile(path, count, 'GET', ORIGINAL_OAUTH1_URL, credentials.oauth1);
    }
    return { path, count };
  }
  if (scenario.pool) {
    context.rss?.phase(`${scenario.id} minting`);
    const wanted = poolSize(context.rates.get(scenario.id), scenario.pool.floor, seconds);
    const started = Date.now();
    const lines = await scenario.pool.mint(wanted, mintingDeadline(scenario.pool.lifetime, seconds, started));
    writeBodyFile(path, lines);
    const took = (Date.now() - started) / 1000;
    const covered = secondsCovered(seconds, lines.length, wanted);
    if (took > 5 || covered < seconds) {
      const cut = covered < seconds ? `; of ${wanted} wanted, before they expire: a ${covered} s run` : '';
      console.log(`  (${scenario.id}: minting ${lines.length} single-use credentials took ${took.toFixed(0)} s${cut})`);
    }
    // what the minting left to do (a batched write, garbage) is not the run's
    await sleep(1000);
    return { path, count: lines.length, seconds: covered };
  }
  return {};
}

/** The credentials `scenario` is sent with: its own process's (the --before build) or the service's. */
function credentialsOf(context, scenario) {
  return scenario.credentials ?? context.credentials;
}

/** What waitForQuiet does not count as other load: the bench's servers, MariaDB and Redis. */
function quietOf(context) {
  return { benchPids: context.benchPids, servicePids: SERVICE_PIDS, serverCore: SERVER_CORE };
}

/**
 * One measured run, started once the machine is quiet and redone (up to twice) when other processes took more than
 * DISTURBED of a core meanwhile, or when wrk ran out of single-use credentials (the next pool is sized from its rate).
 */
async function measure(context, scenario, seconds) {
  let run;
  // a profile shows shares, which other load on the machine hardly changes: no waiting then
  const attempts = options.profile ? 1 : 3;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    // Quiet first, then the pool: authorization codes live 60 s (CODE_TTL_SECONDS), and a wait of up to QUIET_WAIT
    // after minting them left some expired (400s of code-gw on MariaDB).
    if (!options.profile) {
      await waitForQuiet(quietOf(context), QUIET_WAIT);
    }
    const prepared = await prepareRun(context, scenario, seconds);
    run = await measureOnce(context, scenario, seconds, prepared);
    const disturbed = run.otherLoad > DISTURBED && !options.profile && QUIET_WAIT > 0;
    if (!disturbed && !(scenario.pool && run.replays > 0)) {
      break;
    }
    const why = disturbed
      ? `other processes used ${(run.otherLoad * 100).toFixed(0)}% of a core meanwhile`
      : `the pool of ${prepared.count} ran out (${run.replays} replays)`;
    console.log(`  (${scenario.id}: ${why}; ${attempt < attempts - 1 ? 'redoing the run' : 'kept anyway'})`);
    if (attempt < attempts - 1 && disturbed) {
      await sleep(3000);
    }
  }
  return run;
}

/** One run of `scenario` against its process; the rate of a prepared scenario sizes its next run's headers or pool. */
async function measureOnce(context, scenario, seconds, prepared) {
  context.rss?.phase(scenario.id);
  const run = await measureRun(
    {
      pid: context.pids[scenario.process],
      benchPids: context.benchPids,
      servicePids: SERVICE_PIDS,
      serverCore: SERVER_CORE,
      clientCore: CLIENT_CORE,
      connections: CONNECTIONS,
    },
    scenario,
    prepared.seconds ?? seconds,
    prepared,
  );
  if (scenario.oauth1 || scenario.dpop) {
    context.rates.set(scenario.id, Math.max(run.rps, 100));
  }
  if (scenario.pool) {
    // The rate of good answers: refusals (replays, expired codes) are cheaper and would oversize the next pool,
    // and so its minting. After replays the good ones are capped by the pool: all answers then, an overestimate.
    const good = run.replays > 0 ? run.requests : run.requests - run.errors;
    context.rates.set(scenario.id, Math.max((run.rps * good) / Math.max(run.requests, 1), 100));
  }
  return run;
}

function signingCost(keyPath) {
  const out = execFileSync(
    'taskset',
    ['-c', SERVER_CORE, process.execPath, join(ROOT, 'bench/lib/sign-cost.mjs'), keyPath, '400'],
    { cwd: SERVICE_DIR },
  );
  return JSON.parse(out.toString().trim().split('\n').pop());
}

// ---------------------------------------------------------------------------------------------------------------
// One backend

/** Checks every scenario answers as it should (with a fresh credential of each pool) before anything is measured. */
async function probeAll(context, selected) {
  for (const scenario of selected) {
    const headers = { ...(scenario.headers ?? {}) };
    let body = scenario.body;
    if (scenario.oauth1) {
      const file = join(context.work, 'probe.headers');
      writeHeaderFile(file, 1, 'GET', ORIGINAL_OAUTH1_URL, credentialsOf(context, scenario).oauth1);
      headers.Authorization = readFileSync(file, 'utf8').trim();
    }
    if (scenario.dpop) {
      const { key, token } = credentialsOf(context, scenario).dpop[scenario.dpop.alg];
      headers.DPoP = dpopProof(key, scenario.dpop.htm, scenario.dpop.htu, token);
    }
    if (scenario.pool) {
      [body] = await scenario.pool.mint(1);
    }
    delete headers.Host;
    const answer = await probe(scenario.url, { method: scenario.method, headers, body });
    if (!scenario.check(answer)) {
      throw new Error(`${scenario.id}: unexpected answer ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  }
}

function summariseRows(selected, runs) {
  const rows = selected.map((scenario) => {
    const list = runs.get(scenario.id);
    const errorStatuses = {};
    for (const run of list) {
      for (const [status, count] of Object.entries(run.errorStatuses)) {
        errorStatuses[status] = (errorStatuses[status] ?? 0) + count;
      }
    }
    return {
      id: scenario.id,
      title: scenario.title,
      process: scenario.process,
      reference: !!scenario.reference,
      rps: median(list.map((r) => r.rps)),
      p50_ms: median(list.map((r) => r.p50_ms)),
      p99_ms: median(list.map((r) => r.p99_ms)),
      cpu_us: median(list.map((r) => r.cpu_us)),
      main_cpu_us: median(list.map((r) => r.main_cpu_us)),
      serverCoreBusy: median(list.map((r) => r.serverCoreBusy)),
      clientCoreBusy: median(list.map((r) => r.clientCoreBusy)),
      wrkCpu: median(list.map((r) => r.wrkCpu)),
      dbCpu: median(list.map((r) => r.dbCpu)),
      otherLoad: Math.max(...list.map((r) => r.otherLoad)),
      // (max − min) / median of the rounds' req/s: how much the machine moved under this scenario
      spread:
        (Math.max(...list.map((r) => r.rps)) - Math.min(...list.map((r) => r.rps))) / median(list.map((r) => r.rps)),
      disturbed: list.filter((r) => r.otherLoad > DISTURBED).length,
      errors: list.reduce((a, r) => a + r.errors, 0),
      errorStatuses,
      requests: list.reduce((a, r) => a + r.requests, 0),
      rounds: list.map(({ window: _window, ...rest }) => rest),
    };
  });
  const baseline = rows.find((row) => row.id === 'baseline');
  for (const row of rows) {
    row.ratio = row.rps / baseline.rps;
  }
  addPeerRatios(rows);
  return rows;
}

function logRun(round, scenario, run) {
  console.log(
    `round ${round} ${scenario.id.padEnd(16)} ${run.rps.toFixed(0).padStart(7)} req/s  ` +
      `p50 ${run.p50_ms.toFixed(2)} ms  p99 ${run.p99_ms.toFixed(2)} ms  ` +
      `${run.cpu_us.toFixed(0)} µs CPU/req (JS thread ${run.main_cpu_us.toFixed(0)})  ` +
      `server core ${(run.serverCoreBusy * 100).toFixed(0)}%  wrk ${(run.wrkCpu * 100).toFixed(0)}%  ` +
      `db/cache ${(run.dbCpu * 100).toFixed(0)}%  idle servers ${(run.idleCpu * 100).toFixed(0)}%  ` +
      `other ${(run.otherLoad * 100).toFixed(0)}%` +
      (run.errors > 0 ? `  ERRORS ${JSON.stringify(run.errorStatuses)}` : '') +
      (run.replays ? `  (${run.replays} replayed)` : ''),
  );
}

async function benchBackend(kind, previous) {
  const { work, backend } = await freshBackend(
    kind,
    'gatehouse-bench',
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  console.log(`\n== ${backend.title} (${backend.versions.join(', ')}) ==`);
  const ids = selectIds(options.scenarios ? options.scenarios.split(',') : []);
  const { processes, credentials, signingKey } = await startProcesses(backend, work, ids);
  const other = BEFORE_DIR ? await startBefore(backend) : undefined;
  if (other) {
    processes.before = other.before;
  }
  const rss = new RssSampler();
  for (const [name, started] of Object.entries(processes)) {
    rss.watch(name, started.pid);
  }
  const pids = Object.fromEntries(Object.entries(processes).map(([name, started]) => [name, started.pid]));
  const context = { work, credentials, pids, benchPids: Object.values(pids), rates: new Map(), rss };
  const selected = [
    ...buildScenarios(
      ids,
      {
        service: processes.service,
        serviceEs256: processes['service-es256'],
        peer: processes.peer,
        bare: processes.bare,
      },
      credentials,
    ),
    ...(other ? beforeScenarios(ids, other.before, other.credentials) : []),
  ];
  await probeAll(context, selected);

  if (!options.profile) {
    await waitForQuiet(quietOf(context), QUIET_WAIT);
  }
  const sign = options.profile ? undefined : signingCost(signingKey);
  if (sign) {
    console.log(
      `signing cost (${sign.algorithm}): node:crypto sign ${sign.raw.cpu_us.toFixed(0)} µs CPU; ` +
        `jose SignJWT (WebCrypto) ${sign.jose.cpu_us.toFixed(0)} µs CPU (${sign.jose.wall_us.toFixed(0)} µs wall)`,
    );
  }

  for (const scenario of selected) {
    // The service's main process warms up its shared pipeline with every other scenario; the other processes serve
    // a few rows each, and after one warm-up their JIT still compiles (on helper threads, counted as their CPU).
    const seconds = scenario.process === 'service' ? WARMUP : WARMUP * SOLE_WARMUP_FACTOR;
    process.stdout.write(`warm-up ${scenario.id} ... `);
    const warm = await measureOnce(context, scenario, seconds, await prepareRun(context, scenario, seconds));
    console.log(
      `${warm.rps.toFixed(0)} req/s${warm.errors > 0 ? ` (errors ${JSON.stringify(warm.errorStatuses)})` : ''}`,
    );
  }

  const runs = new Map(selected.map((s) => [s.id, []]));
  const profileWindows = [];
  const rounds = options.profile ? 1 : ROUNDS;
  for (let round = 0; round < rounds; round += 1) {
    // interleaved, and each round starts one scenario later so no scenario always follows the same one
    const order = selected.map((_, i) => selected[(i + round) % selected.length]);
    for (const scenario of order) {
      const run = await measure(context, scenario, DURATION);
      runs.get(scenario.id).push(run);
      profileWindows.push({ scenario, window: run.window });
      logRun(round + 1, scenario, run);
    }
  }

  const peaks = rss.stop();
  for (const started of Object.values(processes)) {
    await started.stop();
  }
  let profile;
  if (options.profile) {
    const windows = profileWindows.filter(({ scenario }) => scenario.process === 'service');
    profile = summariseProfile(processes.service.profileDir, windows, kind);
  }
  const result = {
    kind,
    title: backend.title,
    versions: [...backend.versions, ...(processes.peer ? [`oidc-provider ${processes.peer.version}`] : [])],
    sign,
    rss: peaks,
    rows: summariseRows(selected, runs),
    profile,
  };
  // kept out of latest.json (not enumerable): the earlier run this one is compared with
  Object.defineProperty(result, 'previous', { value: previous, enumerable: false });
  result.targets = issueTargets(result, previous);
  return result;
}

function summariseProfile(dir, windows, kind) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) {
    console.error(`no .cpuprofile was written in ${dir}`);
    return undefined;
  }
  const loaded = loadProfile(join(dir, files[0]));
  const sections = windows.map(({ scenario, window }) => ({
    id: scenario.id,
    text: formatSummary(`${kind}: ${scenario.title}`, summariseWindow(loaded, window.fromUs, window.toUs)),
  }));
  mkdirSync(options.out, { recursive: true });
  const path = join(options.out, `profile-${kind}.txt`);
  writeFileSync(path, `${sections.map((s) => s.text).join('\n\n')}\n`);
  const kept = join(options.out, `profile-${kind}.cpuprofile`);
  writeFileSync(kept, readFileSync(join(dir, files[0])));
  writeFileSync(
    join(options.out, `profile-${kind}.windows.json`),
    `${JSON.stringify(
      windows.map(({ scenario, window }) => ({ id: scenario.id, title: scenario.title, ...window })),
      null,
      2,
    )}\n`,
  );
  console.log(`\n${sections.map((s) => s.text).join('\n\n')}\n\nprofile summary: ${path}; raw profile: ${kept}`);
  return sections;
}

// ---------------------------------------------------------------------------------------------------------------

/** The earlier run's results by backend, from --compare. */
function previousResults() {
  if (!options.compare) {
    return {};
  }
  const earlier = JSON.parse(readFileSync(options.compare, 'utf8'));
  return Object.fromEntries(earlier.results.map((result) => [result.kind, result]));
}

async function main() {
  preflight(SERVICE_DIR, 'npm run bench');
  // the runner itself (header generation, minting, bookkeeping) stays off the servers' core
  spawnSync('taskset', ['-a', '-cp', CLIENT_CORE, String(process.pid)]);
  const previous = previousResults();
  const info = {
    machine: machine(),
    date: new Date().toISOString(),
    service: describeService(SERVICE_DIR, options.label || (options.tracing ? 'tracing on' : '')),
    compare: options.compare || undefined,
    before: BEFORE_DIR ? describeService(BEFORE_DIR, '') : undefined,
  };
  console.log(
    `${info.machine.cpu}, ${info.machine.cores} cores, Node ${info.machine.node}, ${info.machine.wrk}; ` +
      `${options.profile ? 'PROFILE mode' : `${ROUNDS} rounds × ${DURATION} s`}, -c${CONNECTIONS}; service ${info.service}`,
  );
  const results = [];
  try {
    for (const kind of options.backends.split(',').filter(Boolean)) {
      const result = await benchBackend(kind, previous[kind]);
      await runCleanups();
      results.push(result);
      if (!options.profile) {
        consoleTable(result, ROUNDS);
      }
    }
  } finally {
    await runCleanups();
  }
  if (!options.profile) {
    const run = {
      rounds: ROUNDS,
      duration: DURATION,
      warmup: WARMUP,
      connections: CONNECTIONS,
      serverCore: SERVER_CORE,
      clientCore: CLIENT_CORE,
    };
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'latest.json'), `${JSON.stringify({ ...info, options, results }, null, 2)}\n`);
    const table = markdown(results, info, run);
    writeFileSync(join(options.out, 'latest.md'), `${table}\n`);
    console.log(`\n${table}\nresults: ${join(options.out, 'latest.json')}, ${join(options.out, 'latest.md')}`);
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.stack : error);
  await runCleanups();
  process.exit(1);
});
