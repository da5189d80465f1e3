// Measuring one wrk run against one of the bench's servers (bench/run.mjs, bench/large.mjs): req/s, latency, the
// server's CPU per request from /proc, and how much of a core processes outside the bench used meanwhile (the
// machine may be shared), with the wait for a quiet machine before a run.
import { setTimeout as sleep } from 'node:timers/promises';
import { CLK_TCK, busyShare, coreTicks, processTicks, ticksOf } from './proc-stat.mjs';
import { runWrk } from './wrk.mjs';

/** Above this share of a core used by processes other than the bench's, wrk, MariaDB and Redis, a run is redone. */
export const DISTURBED = 0.1;

/**
 * Waits (up to `maxSeconds`) until processes other than the bench's (`benchPids`), MariaDB and Redis
 * (`servicePids`) use less than DISTURBED of a core over half a second. Answers whether it got quiet.
 */
export async function waitForQuiet({ benchPids, servicePids, serverCore }, maxSeconds) {
  if (maxSeconds <= 0) {
    return false;
  }
  const deadline = Date.now() + maxSeconds * 1000;
  let told = false;
  for (;;) {
    const before = coreTicks();
    const servicesBefore = ticksOf(servicePids);
    const benchBefore = ticksOf(benchPids);
    await sleep(500);
    const after = coreTicks();
    const services = ticksOf(servicePids) - servicesBefore;
    const bench = ticksOf(benchPids) - benchBefore;
    const busy = Object.keys(after).reduce((sum, core) => sum + after[core].busy - before[core].busy, 0);
    const load = (busy - services - bench) / (after[serverCore].total - before[serverCore].total);
    if (load <= DISTURBED) {
      return true;
    }
    if (Date.now() > deadline) {
      console.log(`  (the machine is still busy: ${(load * 100).toFixed(0)}% of a core used by other processes)`);
      return false;
    }
    if (!told) {
      console.log(`  (waiting for other processes to stop: they use ${(load * 100).toFixed(0)}% of a core)`);
      told = true;
    }
  }
}

/** Answers other than expected, by status (single-use scenarios count every status but 200) and socket error. */
function errorStatuses(scenario, result) {
  let statuses = {};
  if (scenario.pool) {
    statuses = { ...result.statuses };
  } else if (!scenario.expectErrorStatus && result.errors.status > 0) {
    statuses['≥400'] = result.errors.status;
  }
  for (const kind of ['connect', 'read', 'write', 'timeout']) {
    if (result.errors[kind] > 0) {
      statuses[kind] = result.errors[kind];
    }
  }
  return statuses;
}

/**
 * One run of `scenario` for `seconds` against the server `pid`, wrk on `clientCore`; the bench's other servers
 * (the rest of `benchPids`) idle meanwhile. `prepared`: what runWrk sends besides fixed headers (wrk.mjs).
 */
export async function measureOnce(
  { pid, benchPids, servicePids, serverCore, clientCore, connections },
  scenario,
  seconds,
  prepared = {},
) {
  const idle = benchPids.filter((other) => other !== pid);
  const cpuBefore = processTicks(pid);
  const idleBefore = ticksOf(idle);
  const servicesBefore = ticksOf(servicePids);
  const selfBefore = process.cpuUsage();
  const coresBefore = coreTicks();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const result = await runWrk({ core: clientCore, connections }, scenario, seconds, prepared);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const coresAfter = coreTicks();
  const cpuAfter = processTicks(pid);
  const idleTicks = ticksOf(idle) - idleBefore;
  const servicesTicks = ticksOf(servicePids) - servicesBefore;
  const selfUsed = process.cpuUsage(selfBefore);
  const selfTicks = ((selfUsed.user + selfUsed.system) / 1e6) * CLK_TCK;
  const elapsedTicks = coresAfter[serverCore].total - coresBefore[serverCore].total;
  const bothCoresBusy =
    coresAfter[serverCore].busy -
    coresBefore[serverCore].busy +
    (coresAfter[clientCore].busy - coresBefore[clientCore].busy);
  // what neither the bench's processes, wrk, MariaDB/Redis nor this runner used, as a share of one core
  const otherLoad = Math.max(
    0,
    (bothCoresBusy - (cpuAfter.all - cpuBefore.all) - idleTicks - result.wrkTicks - servicesTicks - selfTicks) /
      elapsedTicks,
  );
  const perRequest = (ticks) => (result.requests > 0 ? ((ticks / CLK_TCK) * 1e6) / result.requests : Number.NaN);
  const statuses = errorStatuses(scenario, result);
  return {
    rps: result.requests / (result.duration_us / 1e6),
    p50_ms: result.p50_us / 1000,
    p99_ms: result.p99_us / 1000,
    cpu_us: perRequest(cpuAfter.all - cpuBefore.all),
    // the JavaScript thread; the rest is libuv's pool (WebCrypto signing, for one) and V8's GC helpers
    main_cpu_us: perRequest(cpuAfter.main - cpuBefore.main),
    serverCoreBusy: busyShare(coresBefore, coresAfter, serverCore),
    clientCoreBusy: busyShare(coresBefore, coresAfter, clientCore),
    wrkCpu: result.wrkTicks / elapsedTicks,
    dbCpu: servicesTicks / elapsedTicks,
    // the bench's other servers, idle meanwhile (timers, GC)
    idleCpu: idleTicks / elapsedTicks,
    otherLoad,
    steal:
      busyShare(coresBefore, coresAfter, serverCore, 'steal') + busyShare(coresBefore, coresAfter, clientCore, 'steal'),
    requests: result.requests,
    errors: Object.values(statuses).reduce((a, b) => a + b, 0),
    errorStatuses: statuses,
    replays: prepared.count !== undefined && result.requests > prepared.count ? result.requests - prepared.count : 0,
    window: { fromUs, toUs },
  };
}
