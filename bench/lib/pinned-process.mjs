// Starts one of the bench's server processes (the service, the peer, the bare Nest app) under `taskset`, pinned to
// the server's core, its output in a log file, and waits until it answers 200 on `readyUrl`.
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @returns { pid, logPath, stop } once `readyUrl` answers 200 (within `timeoutMs`); `cleanups` gets `stop`.
 * `args` follow `node` (script and its arguments, node flags first); `wrapper` precedes it (e.g. valgrind and its
 * options), running in the same process, so `pid` is still node's.
 */
export async function startPinned({
  name,
  core,
  args,
  cwd,
  env,
  logPath,
  readyUrl,
  cleanups,
  timeoutMs = 90_000,
  wrapper = [],
}) {
  const log = openSync(logPath, 'a');
  const child = spawn('taskset', ['-c', core, ...wrapper, process.execPath, ...args], {
    cwd,
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
      const result = await Promise.race([exit, sleep(15_000, undefined)]);
      if (!result) {
        child.kill('SIGKILL');
        await exit;
      }
    }
  };
  cleanups.push(stop);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`${name} exited during start-up; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    try {
      const answer = await fetch(readyUrl);
      if (answer.status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${name} did not start within ${timeoutMs / 1000} s; log:\n${readFileSync(logPath, 'utf8').slice(-3000)}`,
      );
    }
    await sleep(200);
  }
  return { pid: child.pid, logPath, stop };
}

/** A free TCP port on 127.0.0.1. */
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
 * Re-runs this script under `taskset` pinned to `core` (as the service is in the bench) and exits with its status,
 * unless it already is that re-run (`--pinned` among its arguments).
 */
export function rerunPinned(pinned, core) {
  if (pinned) {
    return;
  }
  const args = [process.argv[1], ...process.argv.slice(2), '--pinned'];
  const run = spawnSync('taskset', ['-c', core, process.execPath, ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
