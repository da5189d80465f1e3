// The bench's tables: the console summary of one backend, and the Markdown of the whole run (bench/results/latest.md).
import { issueTargets, verdict } from './targets.mjs';

/** Targets of an earlier issue, on throughput relative to the baseline (client_credentials is checked on CPU µs). */
const THROUGHPUT_TARGETS = {
  'bearer-main': 0.6,
  'bearer-gw': 3,
  'oauth1-main': 0.4,
};

/** The earlier issue's checks: throughput ratios, and client_credentials CPU ≤ one RS256 signature + baseline. */
export function throughputChecks(result) {
  const checks = [];
  const row = (id) => result.rows.find((r) => r.id === id);
  for (const [id, target] of Object.entries(THROUGHPUT_TARGETS)) {
    const found = row(id);
    if (found) {
      checks.push({
        id,
        what: `${id}: throughput ≥ ${target}× baseline`,
        value: `${found.ratio.toFixed(2)}×`,
        met: found.ratio >= target,
        column: `≥ ${target}× ${found.ratio >= target ? 'met' : '**missed**'}`,
      });
    }
  }
  const base = row('baseline');
  for (const cc of [row('cc-issue'), row('cc-issue-gw')]) {
    if (cc && base && result.sign) {
      const budget = result.sign.raw.cpu_us + base.cpu_us;
      const met = cc.cpu_us <= budget;
      checks.push({
        id: cc.id,
        what: `${cc.id}: CPU/req ≤ RS256 signature + baseline CPU/req`,
        value: `${cc.cpu_us.toFixed(0)} µs vs ${result.sign.raw.cpu_us.toFixed(0)} + ${base.cpu_us.toFixed(0)} = ${budget.toFixed(0)} µs`,
        met,
        column: `CPU ≤ sign + baseline: ${met ? 'met' : '**missed**'}`,
      });
    }
  }
  return checks;
}

/** Each process's peak resident memory through the bench, in MB (10^6 bytes, the unit of the target). */
function rssLine(result) {
  const peaks = Object.entries(result.rss ?? {}).map(([name, { maxMiB }]) => `${name} ${mb(maxMiB)} MB`);
  const byPhase = Object.entries(result.rss?.service?.byPhaseMiB ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([phase, maxMiB]) => `${phase} ${mb(maxMiB)} MB`);
  return (
    `Peak RSS (VmRSS every 250 ms through the bench): ${peaks.join(', ')}.` +
    (byPhase.length > 0 ? `\nThe service's peak RSS by phase of the bench: ${byPhase.join(', ')}.` : '')
  );
}

const mb = (mib) => ((mib * 1024 * 1024) / 1e6).toFixed(0);

const peerColumn = (row) => (row.peer ? `${row.peer.cpu.toFixed(2)} CPU · ${row.peer.rps.toFixed(2)} req/s` : '');

export function markdown(results, info, run) {
  const lines = [];
  lines.push(
    `Machine: ${info.machine.cpu}, ${info.machine.cores} cores (servers on core ${run.serverCore}, wrk on core ${run.clientCore}), ` +
      `${info.machine.memory}, Linux ${info.machine.kernel}, Node ${info.machine.node}, ${info.machine.wrk}.`,
    `Run: ${info.date}, service ${info.service}; ${run.rounds} interleaved rounds × ${run.duration} s per scenario after a ` +
      `${run.warmup} s warm-up, wrk -t1 -c${run.connections}; medians of the rounds.` +
      (info.compare ? ` Compared with ${info.compare}.` : ''),
    '',
  );
  for (const result of results) {
    lines.push(`#### ${result.title} (${result.versions.join(', ')})`, '');
    lines.push(
      '| scenario | req/s | spread | p50 ms | p99 ms | server CPU µs/req | of which JS thread | × baseline | × oidc-provider | target |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const checks = throughputChecks(result);
    for (const row of result.rows) {
      const verdictText = checks.find((c) => c.id === row.id)?.column ?? '';
      const errors = row.errors > 0 ? ` (**${row.errors} errors**: ${JSON.stringify(row.errorStatuses)})` : '';
      const disturbed = row.disturbed > 0 ? ` (${row.disturbed} run(s) disturbed by other load)` : '';
      lines.push(
        `| ${row.title}${errors}${disturbed} | ${row.rps.toFixed(0)} | ±${((row.spread * 100) / 2).toFixed(0)}% | ` +
          `${row.p50_ms.toFixed(2)} | ${row.p99_ms.toFixed(2)} | ` +
          `${row.cpu_us.toFixed(0)} | ${row.main_cpu_us.toFixed(0)} | ${row.ratio.toFixed(2)} | ${peerColumn(row)} | ${verdictText} |`,
      );
    }
    if (result.sign) {
      lines.push(
        '',
        `RS256 signature (2048-bit key, same core, server idle): node:crypto sign ${result.sign.raw.cpu_us.toFixed(0)} µs CPU; ` +
          `jose SignJWT (WebCrypto) ${result.sign.jose.cpu_us.toFixed(0)} µs CPU, ${result.sign.jose.wall_us.toFixed(0)} µs wall.`,
      );
    }
    lines.push('', rssLine(result), '', 'Targets of issue 12:', '');
    for (const check of issueTargets(result, result.previous)) {
      const word = verdict(check);
      lines.push(`- ${word === 'MISSED' ? '**missed**' : word}: ${check.what} (${check.value})`);
    }
    lines.push('', 'Earlier targets:', '');
    for (const check of checks) {
      lines.push(`- ${check.met ? 'met' : '**missed**'}: ${check.what} (${check.value})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function consoleTable(result, rounds) {
  console.log(`\n${result.title} — medians of ${rounds} rounds`);
  console.log(
    `${'scenario'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ` +
      `${'CPU µs/req'.padStart(11)} ${'(JS thr)'.padStart(9)} ${'× base'.padStart(7)} ${'× peer CPU'.padStart(11)} ` +
      `${'srv core'.padStart(9)} ${'wrk'.padStart(5)} ${'db'.padStart(5)} ${'other'.padStart(6)}  errors`,
  );
  for (const row of result.rows) {
    console.log(
      `${row.id.padEnd(16)} ${row.rps.toFixed(0).padStart(8)} ${row.p50_ms.toFixed(2).padStart(8)} ` +
        `${row.p99_ms.toFixed(2).padStart(8)} ${row.cpu_us.toFixed(0).padStart(11)} ` +
        `${row.main_cpu_us.toFixed(0).padStart(9)} ${row.ratio.toFixed(2).padStart(7)} ` +
        `${(row.peer ? row.peer.cpu.toFixed(2) : '').padStart(11)} ` +
        `${(row.serverCoreBusy * 100).toFixed(0).padStart(8)}% ${(row.wrkCpu * 100).toFixed(0).padStart(4)}% ` +
        `${(row.dbCpu * 100).toFixed(0).padStart(4)}% ${(row.otherLoad * 100).toFixed(0).padStart(5)}%  ` +
        `${row.errors}${row.errors > 0 ? ` ${JSON.stringify(row.errorStatuses)}` : ''}`,
    );
  }
  console.log(rssLine(result));
  for (const check of issueTargets(result, result.previous)) {
    console.log(`${verdict(check).padEnd(10)} ${check.what}: ${check.value}`);
  }
  for (const check of throughputChecks(result)) {
    console.log(`${(check.met ? 'met' : 'MISSED').padEnd(10)} ${check.what}: ${check.value} (earlier target)`);
  }
}
