// What a bench runner checks before it starts anything: wrk and taskset installed, the service built, two cores.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const TOOLS = { wrk: 'apt-get install -y wrk', taskset: 'apt-get install -y util-linux' };

/** Exits (status 2) with what is missing; `npmScript` is the one that builds before running this runner. */
export function preflight(serviceDir, npmScript) {
  for (const [name, hint] of Object.entries(TOOLS)) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
      console.error(`${name} is not installed: ${hint}`);
      process.exit(2);
    }
  }
  if (!existsSync(join(serviceDir, 'dist/src/main.js'))) {
    console.error(`${serviceDir}/dist/src/main.js is missing: run \`npm run build\` first (${npmScript} does).`);
    process.exit(2);
  }
  if (cpus().length < 2) {
    console.error('the bench needs two cores: one for the servers, one for wrk');
    process.exit(2);
  }
}
