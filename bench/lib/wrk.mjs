// Runs wrk (one thread) pinned to the client core for one scenario, with the script that fits it
// (bench/wrk/*.lua), and answers its report: requests, latency percentiles, errors, the statuses other than 200 of
// single-use scenarios, and wrk's own CPU ticks.
/* global setInterval, clearInterval */
import { spawn } from 'node:child_process';
import { pidTicks } from './proc-stat.mjs';

/** `prepared.path`: the pre-signed OAuth 1 headers or DPoP proofs, or the single-use bodies of this run. */
export function runWrk({ core, connections }, scenario, seconds, prepared) {
  const args = ['-c', core, 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
  for (const [name, value] of Object.entries(scenario.headers ?? {})) {
    args.push('-H', `${name}: ${value}`);
  }
  if (scenario.oauth1) {
    args.push('-s', 'bench/wrk/oauth1.lua', scenario.url, '--', prepared.path);
  } else if (scenario.dpop) {
    args.push('-s', 'bench/wrk/dpop.lua', scenario.url, '--', prepared.path);
  } else if (scenario.pool) {
    args.push('-s', 'bench/wrk/bodies.lua', scenario.url, '--', prepared.path);
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
      const line = (prefix) =>
        out
          .split('\n')
          .find((l) => l.startsWith(prefix))
          ?.slice(prefix.length);
      const report = line('BENCH_JSON ');
      if (code !== 0 || !report) {
        fail(new Error(`wrk failed (exit ${code}): ${err}\n${out}`));
        return;
      }
      const statuses = line('BENCH_STATUS ');
      done({ ...JSON.parse(report), statuses: statuses ? JSON.parse(statuses) : undefined, wrkTicks });
    });
  });
}
