#!/usr/bin/env node
// Instructions per request: the built service under `valgrind --tool=callgrind`, a fixed number of requests of each
// scenario, and the instructions the whole process executed (all threads: V8's helpers and libuv's pool too) in a
// window around them, ÷ the requests. The count does not depend on the CPU's speed, but it still moves with V8's
// compiler and collector and with the service's timers (docs/performance.md, "Instructions per request", has the
// spread measured so far).
//
//   node bench/instructions.mjs [--scenarios baseline,bearer-main,bearer-gw,oauth1-gw] [--requests 1000]
//                               [--warmup 2000] [--windows 3] [--service-dir ../gatehouse-before] [--backend sqlite]
//                               [--env RATE_LIMIT_TOKEN=off] [--node-flags --single-threaded] [--keep-dumps]
//
// The runner sends the requests one at a time on one kept-alive connection, so each window does the same work.
// Every scenario warms up first without valgrind's instrumentation (--instr-atstart=no: about 5 times faster than
// instrumented; V8's JIT state is the same either way); then instrumentation goes on and each round measures every
// scenario once: `callgrind_control -z` zeroes the counters, the requests go, `callgrind_control -d` dumps them.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshBackend } from './lib/backends.mjs';
import { cleanups, runCleanups } from './lib/cleanups.mjs';
import { describeService } from './lib/describe-service.mjs';
import { median } from './lib/median.mjs';
import { signedHeader } from './lib/oauth1-headers.mjs';
import { ORIGINAL_OAUTH1_URL, buildScenarios } from './lib/scenarios.mjs';
import { freshServiceEnv, startService } from './lib/service-process.mjs';
import { ADMIN, prepareCredentials, probe } from './lib/setup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const { values: options } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'baseline,bearer-main,bearer-gw,oauth1-gw' },
    requests: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '2000' },
    windows: { type: 'string', default: '3' },
    'service-dir': { type: 'string', default: '' },
    backend: { type: 'string', default: 'sqlite' },
    // extra environment of the service, NAME=value, e.g. RATE_LIMIT_INTROSPECTION=off
    env: { type: 'string', multiple: true, default: [] },
    // extra node flags, after those of the build's `npm start`
    'node-flags': { type: 'string', default: '' },
    core: { type: 'string', default: '0' },
    label: { type: 'string', default: '' },
    // keep callgrind's dumps (for callgrind_annotate) in the output directory
    'keep-dumps': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
    'mysql-url': { type: 'string', default: 'mysql://root@127.0.0.1:3306/' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const SERVICE_DIR = resolve(options['service-dir'] || ROOT);
const REQUESTS = Number(options.requests);
const WARMUP = Number(options.warmup);
const WINDOWS = Number(options.windows);
/** Start-up and the credentials' sign-ins run about 50 times slower under valgrind. */
const START_TIMEOUT_MS = 20 * 60_000;

/**
 * Valgrind's options: V8 writes and rewrites machine code, which valgrind must notice outside the stack too
 * (`--smc-check=all-non-file`); nothing is instrumented until the first window, so start-up and the credentials go
 * at valgrind's uninstrumented speed.
 */
function valgrindWrapper(work) {
  return [
    'valgrind',
    '--tool=callgrind',
    '--smc-check=all-non-file',
    '--instr-atstart=no',
    `--callgrind-out-file=${join(work, 'callgrind.out')}`,
  ];
}

/** `name=value` pairs of --env as an object; a malformed one stops the run. */
function extraEnv() {
  return Object.fromEntries(
    options.env.map((pair) => {
      const split = pair.indexOf('=');
      if (split < 1) {
        throw new Error(`--env ${pair}: expected NAME=value`);
      }
      return [pair.slice(0, split), pair.slice(split + 1)];
    }),
  );
}

/** Runs callgrind_control with `args` against the service. */
function callgrindControl(pid, ...args) {
  execFileSync('callgrind_control', [...args, String(pid)], { stdio: 'ignore' });
}

/**
 * Two counts of callgrind's `number`th dump, since the last zeroing: `total`, every thread's instructions (the
 * `summary:` line), and `requests`, those under libuv's `uv__io_poll` (inclusive, from `callgrind_annotate`): the
 * callbacks of the sockets, which is where the requests are parsed, answered and their garbage collected. The rest
 * is V8's optimising compiler on its own threads (still at work long after a warm-up, and when it compiles varies
 * from run to run) and the service's timers (the outbox polls every second: under valgrind a window lasts a minute,
 * so they weigh with how long the window took, that is with the machine's load).
 */
function dumpedInstructions(work, number) {
  const path = join(work, `callgrind.out.${number}`);
  const summary = /^summary:\s*(\d+)/m.exec(readFileSync(path, 'utf8'));
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ioPoll = /^\s*([\d,]+) .*:uv__io_poll /m.exec(annotated);
  if (!summary || !ioPoll) {
    throw new Error(`${path}: no summary line or no uv__io_poll`);
  }
  return { total: Number(summary[1]), requests: Number(ioPoll[1].replaceAll(',', '')) };
}

/** The `index`th request of `scenario`: OAuth 1 ones each sign with a nonce of their own. */
function requestOf(scenario, credentials, index) {
  const headers = { ...scenario.headers };
  if (scenario.oauth1) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers.Authorization = signedHeader('GET', ORIGINAL_OAUTH1_URL, credentials.oauth1, `n${index}`, timestamp);
  }
  return { method: scenario.method ?? 'GET', headers, body: scenario.body };
}

/**
 * One request. A connection the service closed while idle (its keep-alive timeout passes while callgrind_control
 * runs) fails the request before the service reads it: it is sent again once on a new connection.
 */
async function sendOne(url, request) {
  try {
    return await probe(url, request);
  } catch (error) {
    if (!['UND_ERR_SOCKET', 'ECONNRESET'].includes(error.cause?.code)) {
      throw error;
    }
    return probe(url, request);
  }
}

/** Sends `count` requests of `scenario` one after the other; any answer but the checked one stops the run. */
async function send(scenario, credentials, count, first) {
  for (let index = first; index < first + count; index += 1) {
    const answer = await sendOne(scenario.url, requestOf(scenario, credentials, index));
    if (!scenario.check(answer)) {
      throw new Error(`${scenario.id}: unexpected answer ${answer.status} ${answer.text.slice(0, 200)}`);
    }
  }
}

/** Only scenarios whose requests can be replayed from fixed values (and OAuth 1 nonces) are counted here. */
function countable(scenario) {
  if (scenario.pool || scenario.dpop || scenario.process !== 'service') {
    throw new Error(`${scenario.id}: instructions.mjs counts the service's fixed-request scenarios only`);
  }
  return scenario;
}

async function main() {
  const ids = options.scenarios.split(',').filter(Boolean);
  const { work, backend } = await freshBackend(
    options.backend,
    'gatehouse-instructions',
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  const env = { ...(await freshServiceEnv({ work, backend, admin: ADMIN })), ...extraEnv() };
  const service = await startService({
    name: 'service',
    serviceDir: SERVICE_DIR,
    core: options.core,
    env,
    work,
    nodeFlags: options['node-flags'].split(/\s+/).filter(Boolean),
    wrapper: valgrindWrapper(work),
    cleanups,
    timeoutMs: START_TIMEOUT_MS,
  });
  const described = describeService(SERVICE_DIR, options.label);
  console.log(`${described}, pid ${service.pid} under callgrind, ${backend.title}`);
  const credentials = await prepareCredentials(`http://127.0.0.1:${service.mainPort}`, ADMIN.username, ADMIN.password);
  const scenarios = buildScenarios(ids, { service }, credentials).map(countable);

  let sent = 0;
  for (const scenario of scenarios) {
    await send(scenario, credentials, WARMUP, sent);
    sent += WARMUP;
  }
  callgrindControl(service.pid, '--instr=on');
  const counts = Object.fromEntries(ids.map((id) => [id, []]));
  let dumps = 0;
  for (let window = 0; window < WINDOWS; window += 1) {
    // each round starts one scenario later, so no scenario always follows the same one
    for (let step = 0; step < scenarios.length; step += 1) {
      const scenario = scenarios[(window + step) % scenarios.length];
      callgrindControl(service.pid, '--zero');
      await send(scenario, credentials, REQUESTS, sent);
      sent += REQUESTS;
      callgrindControl(service.pid, '--dump');
      dumps += 1;
      const { total, requests } = dumpedInstructions(work, dumps);
      counts[scenario.id].push({ total: total / REQUESTS, requests: requests / REQUESTS });
    }
  }
  report(described, counts);
  if (options['keep-dumps']) {
    keepDumps(work, dumps);
  }
}

/** Copies callgrind's dumps out of the work directory, which the cleanups remove. */
function keepDumps(work, count) {
  const kept = join(options.out, `callgrind-${process.pid}`);
  mkdirSync(kept, { recursive: true });
  for (let number = 1; number <= count; number += 1) {
    copyFileSync(join(work, `callgrind.out.${number}`), join(kept, `callgrind.out.${number}`));
  }
  console.log(`callgrind dumps: ${kept} (callgrind_annotate ${kept}/callgrind.out.1)`);
}

/** The median of `values` and their spread: half their range relative to the median. */
function summarise(values) {
  const middle = median(values);
  return {
    median: Math.round(middle),
    spread: (Math.max(...values) - Math.min(...values)) / 2 / middle,
    windows: values.map(Math.round),
  };
}

/** Prints each scenario's instructions per request by window, median and spread; writes them as JSON too. */
function report(described, counts) {
  const rows = Object.entries(counts).map(([id, windows]) => ({
    id,
    requests: summarise(windows.map((window) => window.requests)),
    total: summarise(windows.map((window) => window.total)),
  }));
  console.log(`\ninstructions per request (${REQUESTS} requests a window, after ${WARMUP} of warm-up each)`);
  const line = ({ median: middle, spread, windows }) =>
    `${middle.toLocaleString('en').padStart(11)} ±${(spread * 100).toFixed(2).padStart(5)} % (${windows
      .map((count) => count.toLocaleString('en'))
      .join(', ')})`;
  for (const row of rows) {
    console.log(`${row.id.padEnd(16)} uv__io_poll ${line(row.requests)}   all threads ${line(row.total)}`);
  }
  mkdirSync(options.out, { recursive: true });
  const path = join(options.out, `instructions-${process.pid}.json`);
  const run = { service: described, date: new Date().toISOString(), options, rows };
  writeFileSync(path, `${JSON.stringify(run, null, 2)}\n`);
  console.log(`results: ${path}`);
}

if (spawnSync('sh', ['-c', 'command -v callgrind_control']).status !== 0) {
  console.error('valgrind is not installed: apt-get install -y valgrind');
  process.exit(2);
}
main()
  .then(runCleanups)
  .catch(async (error) => {
    console.error(error instanceof Error ? error.stack : error);
    await runCleanups();
    process.exit(1);
  });
