import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Runs one of the interop scripts with Debian's python3 and its packaged libraries, and parses its JSON. */
export function runPythonInterop(script: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/python3',
      [join(__dirname, '../../interop', script), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    );
  });
}
