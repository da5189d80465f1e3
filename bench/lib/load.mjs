// Running the built service and wrk the way bench/run.mjs does (server and wrk pinned to their own cores, CPU per
// request from /proc), as importable pieces for the other bench modes (bench/large.mjs).
/* global fetch, setInterval, clearInterval */
import { execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serviceEnv, writeSigningKey } from './backends.mjs';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** Above this share of a core used by processes other than the server, wrk, MariaDB and Redis, a run is redone. */
export const DISTURBED = 0.1;

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** utime + stime in clock ticks: of the whole process (all threads), and of its main (JavaScript) thread. */
export function processTicks(pid) {
  const ticks = (path) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** utime + stime of a process in clock ticks; 0 once it is gone. */
export function pidTicks(pid) {
  try {
    return processTicks(pid).all;
  } catch {
    return 0;
  }
}

/** The database and cache servers of this machine (they do the bench's work too, on either core). */
export function serviceProcesses() {
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

/** Per core, from /proc/stat: busy (user+nice+system, as process times count) and total ticks. */
export function coreTicks() {
  const cores = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (match) {
      const values = match[2].trim().split(/\s+/).map(Number);
      cores[match[1]] = {
        busy: values[0] + values[1] + values[2],
        total: values.slice(0, 8).reduce((a, b) => a + b, 0),
      };
    }
  }
  return cores;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `dist/src/main.js` of `serviceDir` pinned to `core`, with the bench environment plus `extraEnv`, and waits
 * for /healthz. `cleanups` gets its stop.
 */
export async function startServer({ serviceDir, backend, work, core, admin, extraEnv = {} }, cleanups) {
  const mainPort = await freePort();
  const gatewayPort = await freePort();
  const keyPath = writeSigningKey(work);
  const env = { ...serviceEnv({ mainPort, gatewayPort, work, keyPath, backend, admin }), ...extraEnv };
  const logPath = join(work, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn('taskset', ['-c', core, process.execPath, 'dist/src/main.js'], {
    cwd: serviceDir,
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
  const deadline = Date.now() + 180_000;
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
      throw new Error(`the server did not start within 180 s; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    await sleep(200);
  }
  return { pid: child.pid, mainPort, gatewayPort, keyPath, logPath, stop };
}

/**
 * One wrk run pinned to `core` (`wrk -t1 -c<connections> --latency`) with the static script; answers wrk's JSON
 * summary (bench/wrk/report.lua) and the CPU ticks wrk used.
 */
export function runWrk(scenario, seconds, { core, connections }) {
  const args = ['-c', core, 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
  for (const [name, value] of Object.entries(scenario.headers ?? {})) {
    args.push('-H', `${name}: ${value}`);
  }
  args.push('-s', 'bench/wrk/static.lua', scenario.url, '--', scenario.method ?? 'GET');
  if (scenario.body !== undefined) {
    args.push(scenario.body);
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
 * Measures a scenario against the server `pid` for `seconds`: req/s, latency, and the server's CPU per request,
 * with the share of a core that processes other than the server, wrk, MariaDB/Redis and this runner used meanwhile.
 */
export async function measureOnce(scenario, seconds, { pid, serverCore, clientCore, connections, servicePids }) {
  const cpuBefore = processTicks(pid);
  const servicesBefore = servicePids.reduce((sum, p) => sum + pidTicks(p), 0);
  const selfBefore = process.cpuUsage();
  const coresBefore = coreTicks();
  const result = await runWrk(scenario, seconds, { core: clientCore, connections });
  const coresAfter = coreTicks();
  const cpuAfter = processTicks(pid);
  const servicesTicks = servicePids.reduce((sum, p) => sum + pidTicks(p), 0) - servicesBefore;
  const selfUsed = process.cpuUsage(selfBefore);
  const selfTicks = ((selfUsed.user + selfUsed.system) / 1e6) * CLK_TCK;
  const elapsedTicks = coresAfter[serverCore].total - coresBefore[serverCore].total;
  const bothCoresBusy =
    coresAfter[serverCore].busy -
    coresBefore[serverCore].busy +
    (coresAfter[clientCore].busy - coresBefore[clientCore].busy);
  const otherLoad = Math.max(
    0,
    (bothCoresBusy - (cpuAfter.all - cpuBefore.all) - result.wrkTicks - servicesTicks - selfTicks) / elapsedTicks,
  );
  const perRequest = (ticks) => (result.requests > 0 ? ((ticks / CLK_TCK) * 1e6) / result.requests : Number.NaN);
  return {
    rps: result.requests / (result.duration_us / 1e6),
    p50_ms: result.p50_us / 1000,
    p99_ms: result.p99_us / 1000,
    cpu_us: perRequest(cpuAfter.all - cpuBefore.all),
    main_cpu_us: perRequest(cpuAfter.main - cpuBefore.main),
    dbCpu: servicesTicks / elapsedTicks,
    otherLoad,
    requests: result.requests,
    errors: Object.values(result.errors).reduce((a, b) => a + b, 0),
  };
}

/**
 * Waits (up to `maxSeconds`) until processes other than MariaDB, Redis and the given servers use less than
 * DISTURBED of a core over half a second (the machine may be shared). Answers whether it got quiet.
 */
export async function waitForQuiet({ serverPids, servicePids, serverCore }, maxSeconds) {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const before = coreTicks();
    const ownBefore = [...servicePids, ...serverPids].reduce((sum, pid) => sum + pidTicks(pid), 0);
    await sleep(500);
    const after = coreTicks();
    const own = [...servicePids, ...serverPids].reduce((sum, pid) => sum + pidTicks(pid), 0) - ownBefore;
    const busy = Object.keys(after).reduce((sum, core) => sum + after[core].busy - before[core].busy, 0);
    const load = (busy - own) / (after[serverCore].total - before[serverCore].total);
    if (load <= DISTURBED) {
      return true;
    }
    if (Date.now() > deadline) {
      console.log(`  (the machine is still busy: ${(load * 100).toFixed(0)}% of a core used by other processes)`);
      return false;
    }
  }
}
