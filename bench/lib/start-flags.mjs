// The node flags of the measured build's `npm start` (`scripts.start` of its package.json), so the bench runs the
// service as a deployment does, and an A/B run (`--service-dir`) runs each build with its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The words between `node` and `dist/src/main.js` in `scripts.start` of `serviceDir`'s package.json. */
export function startFlags(serviceDir) {
  const { scripts } = JSON.parse(readFileSync(join(serviceDir, 'package.json'), 'utf8'));
  const words = (scripts?.start ?? '').trim().split(/\s+/);
  const entry = words.indexOf('dist/src/main.js');
  if (words[0] !== 'node' || entry < 0) {
    throw new Error(`scripts.start of ${serviceDir}/package.json is not "node [flags] dist/src/main.js"`);
  }
  return words.slice(1, entry);
}
