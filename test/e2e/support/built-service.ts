import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '../../../');
const DIST = join(ROOT, 'dist');

/**
 * Compiles the service as `npm start` does (`nest build`, nest-cli.json), so these tests run the real entry points.
 * Once per test run (test/support/global-setup.ts names the run): the files that need it run in parallel workers, and
 * each `nest build` costs about 17 s of CPU; the first builds, the others wait for its marker. A lock file keeps two
 * workers from writing dist/ at once, which could hand a half-written module to a test already running the CLI. It
 * holds the run's name: a lock of another run (killed, or running beside this one) is taken over, so at worst two runs
 * build at once, as every file did before.
 */
export async function buildService(): Promise<void> {
  const run = inject('testRunId');
  const built = join(DIST, `.built-in-run-${run}`);
  const lock = join(DIST, '.build-lock');
  await mkdir(DIST, { recursive: true });
  for (;;) {
    if (existsSync(built)) {
      return;
    }
    const held = await open(lock, 'wx').catch(() => undefined);
    if (held) {
      try {
        await held.writeFile(run);
        await execFileAsync('npx', ['nest', 'build'], { cwd: ROOT });
        await forgetEarlierRuns();
        await (await open(built, 'w')).close();
      } finally {
        await held.close();
        await rm(lock, { force: true });
      }
      return;
    }
    const holder = await readFile(lock, 'utf8').catch(() => run);
    if (holder !== run && holder !== '') {
      await rm(lock, { force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function forgetEarlierRuns(): Promise<void> {
  for (const name of await readdir(DIST)) {
    if (name.startsWith('.built-in-run-')) {
      await rm(join(DIST, name), { force: true });
    }
  }
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/<script>.js args` in `cwd` with exactly `env` (plus PATH), feeding `input` on stdin. */
export function runScript(
  script: 'main' | 'cli',
  args: string[],
  env: Record<string, string>,
  cwd: string,
  input = '',
): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawnScript(script, args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(input);
  });
}

export function spawnScript(
  script: 'main' | 'cli',
  args: string[],
  env: Record<string, string>,
  cwd: string,
): ChildProcess {
  return spawn(process.execPath, [`${ROOT}dist/src/${script}.js`, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves once `url` answers 2xx; the service process takes seconds to start, more on a busy machine. */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`${url} never answered`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGTERM, as an orchestrator stops it, then SIGKILL if it has not stopped within 10 s; answers the exit code. */
export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
