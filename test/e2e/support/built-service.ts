import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '../../../');

/** Compiles the service as `npm start` does (`nest build`, nest-cli.json), so these tests run the real entry points. */
export async function buildService(): Promise<void> {
  await execFileAsync('npx', ['nest', 'build'], { cwd: ROOT });
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
