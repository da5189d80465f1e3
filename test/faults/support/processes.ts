import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../');

/**
 * Every process the suite starts, so that a failing scenario still leaves nothing running: `killAll` in each
 * file's afterAll, and once more when the worker exits.
 */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) {
    child.kill('SIGKILL');
  }
});

export function track(child: ChildProcess, logFile: string): ChildProcess {
  started.add(child);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.once('exit', () => started.delete(child));
  return child;
}

export function killAll(): void {
  for (const child of started) {
    child.kill('SIGKILL');
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** `node dist/src/main.js`, the built service as `npm start` runs it; the suite builds nothing itself. */
export function spawnService(env: Record<string, string>, logFile: string): ChildProcess {
  const child = spawn(process.execPath, [`${ROOT}dist/src/main.js`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, logFile);
}

/** A redis-server of the suite's own, on its own port and directory, so restarting it disturbs nobody else. */
export function spawnRedis(port: number, dir: string, persistent: boolean, logFile: string): ChildProcess {
  const persistence = persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, ...persistence],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return track(child, logFile);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 100 ms; false once `timeoutMs` has passed. Every wait of the suite is bounded by one. */
export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) {
        return true;
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      return false;
    }
    await sleep(100);
  }
}

export async function status(url: string, timeoutMs = 2000): Promise<number | 'error'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 'error';
  }
}
