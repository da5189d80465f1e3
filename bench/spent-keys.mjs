#!/usr/bin/env node
// What spending a single-use key costs the memory backend (`SpentKeys`, src/cache/spent-keys.ts) at a steady state of
// N live keys: keys spent at the rate that keeps N of them live over a 65 s TTL (a DPoP proof's window plus skew), on
// a simulated clock, first 1.5 N to fill the set and let the expiries begin, then 500 000 measured, GC included.
//
//   node bench/spent-keys.mjs [--dir DIR] [--keys 1000,20000,260000] [--core 0]
// DIR: a build of the service (its dist/); this checkout's by default. docs/performance.md, "DPoP-bound gateway".
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rerunPinned } from './lib/pinned-process.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    dir: { type: 'string', default: ROOT },
    keys: { type: 'string', default: '1000,20000,260000' },
    core: { type: 'string', default: '0' },
    pinned: { type: 'boolean', default: false },
  },
});
rerunPinned(options.pinned, options.core);

const TTL_MS = 65_000;
const MEASURED = 500_000;
const { SpentKeys } = createRequire(join(resolve(options.dir), 'package.json'))(
  join(resolve(options.dir), 'dist/src/cache/spent-keys.js'),
);
let clock = 1.8e12;
Date.now = () => clock;
// a DPoP jti key: the prefix, the key's RFC 7638 thumbprint and a jti
const prefix = `dpop-jti:${'A'.repeat(43)}:`;

for (const live of options.keys.split(',').map(Number)) {
  const spent = new SpentKeys();
  const stepMs = TTL_MS / live;
  let next = 0;
  const spend = () => {
    clock += stepMs;
    spent.spend(`${prefix}jti${(next += 1).toString(36)}`, TTL_MS);
  };
  for (let i = 0; i < live * 1.5; i += 1) {
    spend();
  }
  const before = process.cpuUsage();
  for (let i = 0; i < MEASURED; i += 1) {
    spend();
  }
  const used = process.cpuUsage(before);
  const perKey = (used.user + used.system) / MEASURED;
  console.log(`${live} live keys (${spent.size} held): ${perKey.toFixed(2)} µs CPU a spend`);
}
