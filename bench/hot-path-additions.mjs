#!/usr/bin/env node
// What two features add to every request of the hot paths, measured on the calls themselves (CPU time of this
// process, millions of calls), because the end-to-end comparisons cannot resolve a few per cent on this machine
// (docs/performance.md, "Tracing"):
// - tracing when it is off (issue 20: within 2 %): the only calls a request makes are `activeTraceId()` (the
//   request id) and, on the bare doors, `nameServerSpan()`; nothing else of OpenTelemetry runs or loads;
// - the per-address limits on the doors the gateway calls (issue 17: within 10 % on the dedicated listener): an
//   answered introspection or token request runs `DoorLimits.limitRefusals` around its work, with the default limit,
//   against the same door with no limit configured. `/gateway/verify` has no limit at all.
//
//   npm run build && node bench/hot-path-additions.mjs [--calls 1000000] [--passes 5]
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (path) => require(resolve(ROOT, 'dist/src', path));
const { activeTraceId, nameServerSpan } = dist('common/tracing/active-span.js');
const { DoorLimits } = dist('common/rate-limits/door-limits.js');
const { MemoryRateLimitCounters } = dist('cache/rate-limit-counters.js');
const { RATE_LIMIT_VARIABLES } = dist('config/rate-limits.js');
const { parseThrottleLimits } = dist('config/throttle-limits.js');

const { values: options } = parseArgs({
  options: { calls: { type: 'string', default: '1000000' }, passes: { type: 'string', default: '5' } },
});
const CALLS = Number(options.calls);
const PASSES = Number(options.passes);

/** CPU nanoseconds per call of `body(i)`, over CALLS calls. */
async function nanosPerCall(body) {
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i += 1) {
    await body(i);
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / CALLS;
}

let sink = 0;
const tracingOff = () => {
  if (activeTraceId() === undefined) {
    sink += 1;
  }
  nameServerSpan('POST', '/gateway/verify');
};
const emptyStep = (i) => {
  if (i >= 0) {
    sink += 1;
  }
};

const introspectionDefault = parseThrottleLimits(RATE_LIMIT_VARIABLES.introspection.default);
const doors = (introspection) => ({
  rateLimits: Object.fromEntries(
    Object.keys(RATE_LIMIT_VARIABLES).map((door) => [door, door === 'introspection' ? introspection : []]),
  ),
});
const limited = new DoorLimits(new MemoryRateLimitCounters('rl:'), doors(introspectionDefault));
const unlimited = new DoorLimits(new MemoryRateLimitCounters('rl:'), doors([]));
const answered = () => Promise.resolve(true);
const countsRefusal = () => true;
const through = (limits) => () => limits.limitRefusals('introspection', '203.0.113.7', answered, countsRefusal);

const rows = { tracingOff: [], emptyStep: [], limited: [], unlimited: [] };
for (let pass = 0; pass < PASSES; pass += 1) {
  rows.tracingOff.push(await nanosPerCall(tracingOff));
  rows.emptyStep.push(await nanosPerCall(emptyStep));
  rows.limited.push(await nanosPerCall(through(limited)));
  rows.unlimited.push(await nanosPerCall(through(unlimited)));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ns = (values) => `${median(values).toFixed(0)} ns (passes: ${values.map((v) => v.toFixed(0)).join(', ')})`;
console.log(`${CALLS} calls a pass, CPU time of this process, median of ${PASSES} passes`);
console.log(
  `tracing off, activeTraceId() + nameServerSpan(): ${ns(rows.tracingOff)}; an empty step: ${ns(rows.emptyStep)}`,
);
console.log(`tracing off adds ${(median(rows.tracingOff) - median(rows.emptyStep)).toFixed(0)} ns to a request`);
console.log(`introspection door, default limit ${RATE_LIMIT_VARIABLES.introspection.default}: ${ns(rows.limited)}`);
console.log(`introspection door, no limit: ${ns(rows.unlimited)}`);
console.log(`the limit adds ${(median(rows.limited) - median(rows.unlimited)).toFixed(0)} ns to an answered request`);
if (sink < 0) {
  console.log(sink);
}
