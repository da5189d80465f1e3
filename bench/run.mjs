#!/usr/bin/env node
// Gatehouse benchmark (`npm run bench`; not part of the test suite). See docs/performance.md.
//
// Starts the built service (dist/) pinned to one core, and wrk (Debian's `wrk`) pinned to the other, on each
// backend in turn (SQLite + memory, MariaDB + Redis). Every scenario runs once to warm up, then the scenarios are
// interleaved over several rounds; the table shows medians of the rounds: req/s, p50/p99 latency, the server's
// CPU time per request (utime+stime of the whole process from /proc/<pid>/stat, over requests completed), and
// throughput relative to a bare Nest route of the same app (the baseline).
//
//   node bench/run.mjs [--backends sqlite,mysql] [--rounds 5] [--duration 3] [--warmup 2] [--connections 32]
//                      [--scenarios id,id] [--profile] [--out bench/results]
//
// --profile runs the server under `node --cpu-prof` instead, each scenario once, and prints per scenario the
// functions with the most self time (samples cut to the scenario's time window).
/* global fetch, setInterval, clearInterval */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSummary, loadProfile, summariseWindow } from './lib/cpu-profile.mjs';
import { prepareBackend, serviceEnv, writeSigningKey } from './lib/backends.mjs';
import { writeHeaderFile } from './lib/oauth1-headers.mjs';
import { prepareCredentials, probe } from './lib/setup.mjs';

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
  },
});
const SERVICE_DIR = resolve(options['service-dir'] || ROOT);
const ROUNDS = Number(options.rounds);
const DURATION = Number(options.duration);
const WARMUP = Number(options.warmup);
const CONNECTIONS = Number(options.connections);
const SERVER_CORE = options['server-core'];
const CLIENT_CORE = options['client-core'];
const ADMIN = { username: 'Benchadmin', password: 'bench-admin-password-1' };

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

/** Targets of the issue, on throughput relative to the baseline (client_credentials is checked on CPU µs). */
const TARGETS = {
  'bearer-main': 0.6,
  'bearer-gw': 3,
  'oauth1-main': 0.4,
};

/** @returns the scenarios, given the ports and the credentials made by setup */
function scenarios({ mainPort, gatewayPort, credentials }) {
  const main = `http://127.0.0.1:${mainPort}`;
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  const bearerHeaders = {
    Authorization: `Bearer ${credentials.bearer}`,
    'X-Original-URI': '/x',
    'X-Original-Method': 'GET',
    Host: 'api.example.com',
  };
  const oauth1Headers = {
    'X-Original-URI': '/things',
    'X-Original-Method': 'GET',
    'X-Forwarded-Host': 'api.example.com',
    'X-Forwarded-Proto': 'http',
  };
  const basic = ({ id, secret }) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const form = 'application/x-www-form-urlencoded';
  const introspection = {
    method: 'POST',
    headers: { Authorization: basic(credentials.introspector), 'Content-Type': form },
    body: `token=${credentials.bearer}`,
    check: (answer) => answer.status === 200 && JSON.parse(answer.text).active === true,
  };
  const clientCredentials = {
    method: 'POST',
    headers: { Authorization: basic(credentials.client), 'Content-Type': form },
    body: 'grant_type=client_credentials',
    check: (answer) => answer.status === 200 && typeof JSON.parse(answer.text).access_token === 'string',
  };
  const bearerCheck = (answer) => answer.status === 200 && answer.headers.get('x-auth-user') === credentials.userName;
  return [
    {
      id: 'baseline',
      title: 'baseline: bare Nest route GET /healthz (main port)',
      url: `${main}/healthz`,
      check: (answer) => answer.status === 200,
    },
    {
      id: 'bearer-main',
      title: '/gateway/verify, bearer token, main port',
      url: `${main}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    {
      id: 'bearer-gw',
      title: '/gateway/verify, bearer token, dedicated listener',
      url: `${gateway}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    {
      id: 'oauth1-main',
      title: '/gateway/verify, OAuth 1 HMAC-SHA1, main port',
      url: `${main}/gateway/verify`,
      headers: oauth1Headers,
      oauth1: true,
      check: bearerCheckFor(credentials, 'oauth1'),
    },
    {
      id: 'oauth1-gw',
      title: '/gateway/verify, OAuth 1 HMAC-SHA1, dedicated listener',
      url: `${gateway}/gateway/verify`,
      headers: oauth1Headers,
      oauth1: true,
      check: bearerCheckFor(credentials, 'oauth1'),
    },
    {
      id: 'introspect-main',
      title: 'POST /oauth2/introspect, main port',
      url: `${main}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'introspect-gw',
      title: 'POST /oauth2/introspect, dedicated listener',
      url: `${gateway}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'cc-issue',
      title: 'POST /oauth2/token client_credentials (RS256), main port',
      url: `${main}/oauth2/token`,
      ...clientCredentials,
    },
    {
      id: 'cc-issue-gw',
      title: 'POST /oauth2/token client_credentials (RS256), dedicated listener',
      url: `${gateway}/oauth2/token`,
      ...clientCredentials,
    },
    {
      id: 'gw-floor',
      title: 'reference: 404 of the dedicated listener (bare node:http floor)',
      url: `${gateway}/nothing`,
      check: (answer) => answer.status === 404,
      expectErrorStatus: true,
      reference: true,
    },
  ];
}

function bearerCheckFor(credentials, protocol) {
  return (answer) => answer.status === 200 && answer.headers.get('x-auth-protocol') === protocol;
}

const ORIGINAL_OAUTH1_URL = 'http://api.example.com/things';

// ---------------------------------------------------------------------------------------------------------------
// Process and machine helpers

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function requireTool(name, hint) {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
    console.error(`${name} is not installed: ${hint}`);
    process.exit(2);
  }
}

/** utime + stime in clock ticks: of the whole process (all threads), and of its main (JavaScript) thread. */
function processTicks(pid) {
  const ticks = (path) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** utime + stime of a process in clock ticks; 0 once it is gone. */
function pidTicks(pid) {
  try {
    return processTicks(pid).all;
  } catch {
    return 0;
  }
}

/** The database and cache servers of this machine (they do the bench's work too, on either core). */
function serviceProcesses() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (['mariadbd', 'mysqld', 'redis-server'].includes(comm)) {
          pids.push(Number(entry));
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  return pids;
}
const SERVICE_PIDS = serviceProcesses();

/** Per core, from /proc/stat: busy (user+nice+system, as process times count), steal, and total ticks. */
function coreTicks() {
  const cores = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (match) {
      const values = match[2].trim().split(/\s+/).map(Number);
      const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
      cores[match[1]] = { busy: values[0] + values[1] + values[2], steal: values[7] ?? 0, total };
    }
  }
  return cores;
}

function busyShare(before, after, core, field = 'busy') {
  const total = after[core].total - before[core].total;
  return total > 0 ? (after[core][field] - before[core][field]) / total : 0;
}

/** Above this share of a core used by processes other than the server, wrk, MariaDB and Redis, a run is redone. */
const DISTURBED = 0.1;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Which build was measured: the commit (and whether the work tree differed from it), or the given label. */
function describeService() {
  const git = (...args) =>
    spawnSync('git', ['-C', SERVICE_DIR, ...args])
      .stdout?.toString()
      .trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD');
  const changed = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'migrations');
  const described = commit
    ? `commit ${commit}${changed ? ' with uncommitted changes to src/' : ''}`
    : `build in ${SERVICE_DIR}`;
  return options.label ? `${options.label} (${described})` : described;
}

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
// Backends

const cleanups = [];
async function runCleanups() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      console.error(`cleanup failed: ${error.message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    runCleanups().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The server

async function startServer(backend, work) {
  const mainPort = await freePort();
  const gatewayPort = await freePort();
  const keyPath = writeSigningKey(work);
  const env = serviceEnv({ mainPort, gatewayPort, work, keyPath, backend, admin: ADMIN });
  const profileDir = join(work, 'cpuprofile');
  const nodeFlags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : [];
  const logPath = join(work, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...nodeFlags, 'dist/src/main.js'], {
    cwd: SERVICE_DIR,
    env,
    stdio: ['ignore', log, log],
  });
  let exited = false;
  const exit = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  exit.then(() => {
    exited = true;
  });
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const result = await Promise.race([exit, sleep(15_000).then(() => undefined)]);
      if (!result) {
        child.kill('SIGKILL');
        await exit;
      }
    }
  };
  cleanups.push(stop);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) {
      throw new Error(`the server exited during start-up; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    try {
      const answer = await fetch(`http://127.0.0.1:${mainPort}/healthz`);
      if (answer.status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`the server did not start within 90 s; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    await sleep(200);
  }
  return { pid: child.pid, mainPort, gatewayPort, keyPath, logPath, profileDir, stop };
}

// ---------------------------------------------------------------------------------------------------------------
// wrk

function runWrk(scenario, seconds, headerFile) {
  const args = ['-c', CLIENT_CORE, 'wrk', '-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
  for (const [name, value] of Object.entries(scenario.headers ?? {})) {
    args.push('-H', `${name}: ${value}`);
  }
  if (scenario.oauth1) {
    args.push('-s', 'bench/wrk/oauth1.lua', scenario.url, '--', headerFile);
  } else {
    args.push('-s', 'bench/wrk/static.lua', scenario.url, '--', scenario.method ?? 'GET');
    if (scenario.body !== undefined) {
      args.push(scenario.body);
    }
  }
  return new Promise((done, fail) => {
    // taskset execs wrk: same pid. Its CPU time is polled (the last ~50 ms of it may be missed).
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let wrkTicks = 0;
    const poll = setInterval(() => {
      wrkTicks = Math.max(wrkTicks, pidTicks(child.pid));
    }, 50);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', fail);
    child.once('exit', (code) => {
      clearInterval(poll);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code !== 0 || !line) {
        fail(new Error(`wrk failed (exit ${code}): ${err}\n${out}`));
        return;
      }
      done({ ...JSON.parse(line.slice('BENCH_JSON '.length)), wrkTicks });
    });
  });
}

/**
 * Headers for one run, each with its own nonce: enough for `seconds` at the rate seen so far, and never fewer than
 * 20 000 a second, since the cold warm-up understates the rate of the runs after it (wrk would wrap and replay).
 */
function oauth1HeaderFile(context, scenario, seconds) {
  const rate = Math.max(context.oauth1Rates.get(scenario.id) ?? 0, 20_000);
  const count = Math.ceil(rate * seconds * 1.4) + 2000;
  const path = join(context.work, `${scenario.id}.headers`);
  writeHeaderFile(path, count, 'GET', ORIGINAL_OAUTH1_URL, context.credentials.oauth1);
  return { path, count };
}

/**
 * Waits (up to `maxSeconds`) until processes other than MariaDB and Redis use less than DISTURBED of a core over
 * half a second: the machine may be shared (tests running, say). Answers whether it got quiet.
 */
async function waitForQuiet(context, maxSeconds) {
  const deadline = Date.now() + maxSeconds * 1000;
  let told = false;
  for (;;) {
    const before = coreTicks();
    const servicesBefore = SERVICE_PIDS.reduce((sum, pid) => sum + pidTicks(pid), 0);
    const serverBefore = pidTicks(context.server.pid);
    await sleep(500);
    const after = coreTicks();
    const services = SERVICE_PIDS.reduce((sum, pid) => sum + pidTicks(pid), 0) - servicesBefore;
    const server = pidTicks(context.server.pid) - serverBefore;
    const busy = Object.keys(after).reduce((sum, core) => sum + after[core].busy - before[core].busy, 0);
    const load = (busy - services - server) / (after[SERVER_CORE].total - before[SERVER_CORE].total);
    if (load <= DISTURBED) {
      return true;
    }
    if (Date.now() > deadline) {
      console.log(`  (the machine is still busy: ${(load * 100).toFixed(0)}% of a core used by other processes)`);
      return false;
    }
    if (!told) {
      console.log(`  (waiting for other processes to stop: they use ${(load * 100).toFixed(0)}% of a core)`);
      told = true;
    }
  }
}

/**
 * One measured run, started once the machine is quiet and redone (up to twice) when other processes took more than
 * DISTURBED of a core meanwhile.
 */
async function measure(context, scenario, seconds) {
  let run;
  // a profile shows shares, which other load on the machine hardly changes: no waiting then
  const attempts = options.profile ? 1 : 3;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (!options.profile) {
      await waitForQuiet(context, 120);
    }
    run = await measureOnce(context, scenario, seconds);
    if (run.otherLoad <= DISTURBED || options.profile) {
      break;
    }
    console.log(
      `  (${scenario.id}: other processes used ${(run.otherLoad * 100).toFixed(0)}% of a core meanwhile; ` +
        `${attempt < 2 ? 'redoing the run' : 'kept anyway'})`,
    );
    if (attempt < 2) {
      await sleep(3000);
    }
  }
  return run;
}

async function measureOnce(context, scenario, seconds) {
  const headers = scenario.oauth1 ? oauth1HeaderFile(context, scenario, seconds) : undefined;
  const cpuBefore = processTicks(context.server.pid);
  const servicesBefore = SERVICE_PIDS.reduce((sum, pid) => sum + pidTicks(pid), 0);
  const selfBefore = process.cpuUsage();
  const coresBefore = coreTicks();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const result = await runWrk(scenario, seconds, headers?.path);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const coresAfter = coreTicks();
  const cpuAfter = processTicks(context.server.pid);
  const servicesTicks = SERVICE_PIDS.reduce((sum, pid) => sum + pidTicks(pid), 0) - servicesBefore;
  const selfUsed = process.cpuUsage(selfBefore);
  const selfTicks = ((selfUsed.user + selfUsed.system) / 1e6) * CLK_TCK;
  const elapsedTicks = coresAfter[SERVER_CORE].total - coresBefore[SERVER_CORE].total;
  const bothCoresBusy =
    coresAfter[SERVER_CORE].busy -
    coresBefore[SERVER_CORE].busy +
    (coresAfter[CLIENT_CORE].busy - coresBefore[CLIENT_CORE].busy);
  // what neither the server, wrk, MariaDB/Redis nor this runner used, as a share of one core
  const otherLoad = Math.max(
    0,
    (bothCoresBusy - (cpuAfter.all - cpuBefore.all) - result.wrkTicks - servicesTicks - selfTicks) / elapsedTicks,
  );
  const perRequest = (ticks) => (result.requests > 0 ? ((ticks / CLK_TCK) * 1e6) / result.requests : Number.NaN);
  // wrk counts every status ≥ 400 as an error; the reference scenario answers 404 on purpose
  const errors =
    Object.values(result.errors).reduce((a, b) => a + b, 0) - (scenario.expectErrorStatus ? result.errors.status : 0);
  const rps = result.requests / (result.duration_us / 1e6);
  if (scenario.oauth1) {
    context.oauth1Rates.set(scenario.id, Math.max(rps, 1000));
  }
  return {
    rps,
    p50_ms: result.p50_us / 1000,
    p99_ms: result.p99_us / 1000,
    cpu_us: perRequest(cpuAfter.all - cpuBefore.all),
    // the JavaScript thread; the rest is libuv's pool (WebCrypto signing, for one) and V8's GC helpers
    main_cpu_us: perRequest(cpuAfter.main - cpuBefore.main),
    serverCoreBusy: busyShare(coresBefore, coresAfter, SERVER_CORE),
    clientCoreBusy: busyShare(coresBefore, coresAfter, CLIENT_CORE),
    wrkCpu: result.wrkTicks / elapsedTicks,
    dbCpu: servicesTicks / elapsedTicks,
    otherLoad,
    steal:
      busyShare(coresBefore, coresAfter, SERVER_CORE, 'steal') +
      busyShare(coresBefore, coresAfter, CLIENT_CORE, 'steal'),
    requests: result.requests,
    errors,
    errorDetail: result.errors,
    replays: headers && result.requests > headers.count ? result.requests - headers.count : 0,
    window: { fromUs, toUs },
  };
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

async function benchBackend(kind) {
  const work = mkdtempSync(join(tmpdir(), `gatehouse-bench-${kind}-`));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  const backend = await prepareBackend(
    kind,
    work,
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  console.log(`\n== ${backend.title} (${backend.versions.join(', ')}) ==`);
  const server = await startServer(backend, work);
  console.log(
    `server pid ${server.pid} on core ${SERVER_CORE}; main port ${server.mainPort}, gateway port ${server.gatewayPort}`,
  );
  const credentials = await prepareCredentials(`http://127.0.0.1:${server.mainPort}`, ADMIN.username, ADMIN.password);
  const context = { work, server, credentials, oauth1Rates: new Map() };
  const wanted = options.scenarios ? options.scenarios.split(',') : undefined;
  const all = scenarios({ mainPort: server.mainPort, gatewayPort: server.gatewayPort, credentials });
  const selected = all.filter((s) => !wanted || wanted.includes(s.id) || s.id === 'baseline');

  for (const scenario of selected) {
    const headers = { ...(scenario.headers ?? {}) };
    if (scenario.oauth1) {
      const file = join(work, 'probe.headers');
      writeHeaderFile(file, 1, 'GET', ORIGINAL_OAUTH1_URL, credentials.oauth1);
      headers.Authorization = readFileSync(file, 'utf8').trim();
    }
    delete headers.Host;
    const answer = await probe(scenario.url, { method: scenario.method, headers, body: scenario.body });
    if (!scenario.check(answer)) {
      throw new Error(`${scenario.id}: unexpected answer ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  }

  if (!options.profile) {
    await waitForQuiet(context, 120);
  }
  const sign = options.profile ? undefined : signingCost(server.keyPath);
  if (sign) {
    console.log(
      `signing cost (${sign.algorithm}): node:crypto sign ${sign.raw.cpu_us.toFixed(0)} µs CPU; ` +
        `jose SignJWT (WebCrypto) ${sign.jose.cpu_us.toFixed(0)} µs CPU (${sign.jose.wall_us.toFixed(0)} µs wall)`,
    );
  }

  for (const scenario of selected) {
    process.stdout.write(`warm-up ${scenario.id} ... `);
    const warm = await measureOnce(context, scenario, WARMUP);
    console.log(`${warm.rps.toFixed(0)} req/s`);
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
      console.log(
        `round ${round + 1} ${scenario.id.padEnd(16)} ${run.rps.toFixed(0).padStart(7)} req/s  ` +
          `p50 ${run.p50_ms.toFixed(2)} ms  p99 ${run.p99_ms.toFixed(2)} ms  ` +
          `${run.cpu_us.toFixed(0)} µs CPU/req (JS thread ${run.main_cpu_us.toFixed(0)})  ` +
          `server core ${(run.serverCoreBusy * 100).toFixed(0)}%  wrk ${(run.wrkCpu * 100).toFixed(0)}%  ` +
          `db/cache ${(run.dbCpu * 100).toFixed(0)}%  other ${(run.otherLoad * 100).toFixed(0)}%` +
          (run.errors > 0 ? `  ERRORS ${JSON.stringify(run.errorDetail)}` : '') +
          (run.replays ? `  (${run.replays} replayed nonces)` : ''),
      );
    }
  }

  await server.stop();
  let profile;
  if (options.profile) {
    profile = summariseProfile(server.profileDir, profileWindows, kind);
  }
  const rows = selected.map((scenario) => {
    const list = runs.get(scenario.id);
    return {
      id: scenario.id,
      title: scenario.title,
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
      requests: list.reduce((a, r) => a + r.requests, 0),
      rounds: list.map(({ window: _window, ...rest }) => rest),
    };
  });
  const baseline = rows.find((row) => row.id === 'baseline');
  for (const row of rows) {
    row.ratio = row.rps / baseline.rps;
  }
  return { kind, title: backend.title, versions: backend.versions, sign, rows, profile };
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
// Report

function targetChecks(result) {
  const checks = [];
  const row = (id) => result.rows.find((r) => r.id === id);
  for (const [id, target] of Object.entries(TARGETS)) {
    const found = row(id);
    if (found) {
      checks.push({
        what: `${id}: throughput ≥ ${target}× baseline`,
        value: `${found.ratio.toFixed(2)}×`,
        met: found.ratio >= target,
      });
    }
  }
  const base = row('baseline');
  for (const cc of [row('cc-issue'), row('cc-issue-gw')]) {
    if (cc && base && result.sign) {
      const budget = result.sign.raw.cpu_us + base.cpu_us;
      checks.push({
        id: cc.id,
        what: `${cc.id}: CPU/req ≤ RS256 signature + baseline CPU/req`,
        value: `${cc.cpu_us.toFixed(0)} µs vs ${result.sign.raw.cpu_us.toFixed(0)} + ${base.cpu_us.toFixed(0)} = ${budget.toFixed(0)} µs`,
        met: cc.cpu_us <= budget,
      });
    }
  }
  return checks;
}

function markdown(results, info) {
  const lines = [];
  lines.push(
    `Machine: ${info.machine.cpu}, ${info.machine.cores} cores (server on core ${SERVER_CORE}, wrk on core ${CLIENT_CORE}), ` +
      `${info.machine.memory}, Linux ${info.machine.kernel}, Node ${info.machine.node}, ${info.machine.wrk}.`,
    `Run: ${info.date}, service ${info.service}; ${ROUNDS} interleaved rounds × ${DURATION} s per scenario after a ` +
      `${WARMUP} s warm-up, wrk -t1 -c${CONNECTIONS}; medians of the rounds.`,
    '',
  );
  for (const result of results) {
    lines.push(`#### ${result.title} (${result.versions.join(', ')})`, '');
    lines.push(
      '| scenario | req/s | spread | p50 ms | p99 ms | server CPU µs/req | of which JS thread | × baseline | target |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const checks = targetChecks(result);
    for (const row of result.rows) {
      const target = TARGETS[row.id];
      let verdict = target === undefined ? '' : `≥ ${target}× ${row.ratio >= target ? 'met' : '**missed**'}`;
      const check = checks.find((c) => c.id === row.id);
      if (check) {
        verdict = `CPU ≤ sign + baseline: ${check.met ? 'met' : '**missed**'}`;
      }
      const errors = row.errors > 0 ? ` (${row.errors} errors)` : '';
      const disturbed = row.disturbed > 0 ? ` (${row.disturbed} run(s) disturbed by other load)` : '';
      lines.push(
        `| ${row.title}${errors}${disturbed} | ${row.rps.toFixed(0)} | ±${((row.spread * 100) / 2).toFixed(0)}% | ` +
          `${row.p50_ms.toFixed(2)} | ${row.p99_ms.toFixed(2)} | ` +
          `${row.cpu_us.toFixed(0)} | ${row.main_cpu_us.toFixed(0)} | ${row.ratio.toFixed(2)} | ${verdict} |`,
      );
    }
    if (result.sign) {
      lines.push(
        '',
        `RS256 signature (2048-bit key, same core, server idle): node:crypto sign ${result.sign.raw.cpu_us.toFixed(0)} µs CPU; ` +
          `jose SignJWT (WebCrypto) ${result.sign.jose.cpu_us.toFixed(0)} µs CPU, ${result.sign.jose.wall_us.toFixed(0)} µs wall.`,
      );
    }
    lines.push('', 'Targets:', '');
    for (const check of checks) {
      lines.push(`- ${check.met ? 'met' : '**missed**'}: ${check.what} (${check.value})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function consoleTable(result) {
  console.log(`\n${result.title} — medians of ${ROUNDS} rounds`);
  console.log(
    `${'scenario'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ` +
      `${'CPU µs/req'.padStart(11)} ${'(JS thr)'.padStart(9)} ${'× base'.padStart(7)} ${'srv core'.padStart(9)} ` +
      `${'wrk'.padStart(5)} ${'db'.padStart(5)} ${'other'.padStart(6)}  errors`,
  );
  for (const row of result.rows) {
    console.log(
      `${row.id.padEnd(16)} ${row.rps.toFixed(0).padStart(8)} ${row.p50_ms.toFixed(2).padStart(8)} ` +
        `${row.p99_ms.toFixed(2).padStart(8)} ${row.cpu_us.toFixed(0).padStart(11)} ` +
        `${row.main_cpu_us.toFixed(0).padStart(9)} ${row.ratio.toFixed(2).padStart(7)} ` +
        `${(row.serverCoreBusy * 100).toFixed(0).padStart(8)}% ${(row.wrkCpu * 100).toFixed(0).padStart(4)}% ` +
        `${(row.dbCpu * 100).toFixed(0).padStart(4)}% ${(row.otherLoad * 100).toFixed(0).padStart(5)}%  ${row.errors}`,
    );
  }
  for (const check of targetChecks(result)) {
    console.log(`${check.met ? 'MET    ' : 'MISSED '} ${check.what}: ${check.value}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  requireTool('wrk', 'apt-get install -y wrk');
  requireTool('taskset', 'apt-get install -y util-linux');
  if (!existsSync(join(SERVICE_DIR, 'dist/src/main.js'))) {
    console.error(`${SERVICE_DIR}/dist/src/main.js is missing: run \`npm run build\` first (npm run bench does).`);
    process.exit(2);
  }
  if (cpus().length < 2) {
    console.error('the bench needs two cores: one for the server, one for wrk');
    process.exit(2);
  }
  // the runner itself (header generation, bookkeeping) stays off the server's core
  spawnSync('taskset', ['-a', '-cp', CLIENT_CORE, String(process.pid)]);
  const info = { machine: machine(), date: new Date().toISOString(), service: describeService() };
  console.log(
    `${info.machine.cpu}, ${info.machine.cores} cores, Node ${info.machine.node}, ${info.machine.wrk}; ` +
      `${options.profile ? 'PROFILE mode' : `${ROUNDS} rounds × ${DURATION} s`}, -c${CONNECTIONS}; service ${info.service}`,
  );
  const results = [];
  try {
    for (const kind of options.backends.split(',').filter(Boolean)) {
      const result = await benchBackend(kind);
      await runCleanups();
      results.push(result);
      if (!options.profile) {
        consoleTable(result);
      }
    }
  } finally {
    await runCleanups();
  }
  if (!options.profile) {
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'latest.json'), `${JSON.stringify({ ...info, options, results }, null, 2)}\n`);
    const table = markdown(results, info);
    writeFileSync(join(options.out, 'latest.md'), `${table}\n`);
    console.log(`\n${table}\nresults: ${join(options.out, 'latest.json')}, ${join(options.out, 'latest.md')}`);
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.stack : error);
  await runCleanups();
  process.exit(1);
});
