#!/usr/bin/env node
// Summarises a profile written by `node bench/run.mjs --profile` (bench/results/profile-<backend>.cpuprofile and
// its .windows.json), per scenario or for one:
//   node bench/profile-summary.mjs bench/results/profile-sqlite.cpuprofile [--scenario cc-issue] [--top 30]
//        [--match 'typeorm|src/']   (inclusive time of every function whose label matches, callees included)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatSummary, loadProfile, summariseWindow } from './lib/cpu-profile.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scenario: { type: 'string' },
    top: { type: 'string', default: '15' },
    match: { type: 'string' },
  },
});
const [path] = positionals;
if (!path) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--scenario id] [--top N] [--match regex]');
  process.exit(2);
}
const windows = JSON.parse(readFileSync(path.replace(/\.cpuprofile$/, '.windows.json'), 'utf8'));
const loaded = loadProfile(path);
const top = Number(values.top);
for (const window of windows.filter((w) => !values.scenario || w.id === values.scenario)) {
  const summary = summariseWindow(loaded, window.fromUs, window.toUs, {
    top,
    inclusiveFilter: values.match ? (key) => new RegExp(values.match).test(key) : undefined,
  });
  console.log(`${formatSummary(`${window.id}: ${window.title}`, summary)}\n`);
}
