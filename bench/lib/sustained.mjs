// Sustained issuance with the retention purge on: client_credentials for minutes with one-minute tokens, the purge
// every minute with one minute of retention, in back-to-back wrk runs of a few seconds. After each run the token
// table is counted; the rows the purge removed meanwhile are (count before + tokens issued − count after), so each
// run is known to have overlapped a purge or not without reading the service's log.
import { createRequire } from 'node:module';
import { measureOnce } from './measure.mjs';
import { median } from './median.mjs';
import { LARGE_IDS, buildScenarios } from './scenarios.mjs';

const require = createRequire(new URL('../../package.json', import.meta.url));

/** Short-lived tokens and a purge every minute (the variables of the retention purge, DESIGN §9). */
export const SUSTAINED_ENV = {
  OAUTH2_GRANT_EXPIRATION_INTERVAL: 'PT1M',
  PURGE_SCHEDULE: '* * * * *',
  TOKEN_RETENTION: 'PT1M',
};

/** Counts the access-token rows from a connection of its own (SQLite: read-only, WAL lets it read alongside). */
async function rowCounter(backend) {
  if (backend.kind === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(backend.databaseUrl.slice('sqlite:'.length), { readonly: true });
    const statement = db.prepare('SELECT COUNT(*) AS count FROM oauth2_access_tokens');
    return { count: async () => statement.get().count, close: async () => db.close() };
  }
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection(backend.databaseUrl);
  return {
    count: async () =>
      Number((await connection.query('SELECT COUNT(*) AS count FROM oauth2_access_tokens'))[0][0].count),
    close: () => connection.end(),
  };
}

export async function runSustained({ kind, seconds, sampleSeconds, scenarioId, load, prepareInstance }) {
  if (!LARGE_IDS.includes(scenarioId)) {
    throw new Error(`unknown scenario ${scenarioId}; known: ${LARGE_IDS.join(', ')}`);
  }
  const instance = await prepareInstance(kind, 0, SUSTAINED_ENV);
  const [scenario] = buildScenarios([scenarioId], { service: instance.server }, instance.credentials);
  console.log(
    `\n== sustained ${scenario.id} on ${instance.backend.title} for ${seconds} s (${JSON.stringify(SUSTAINED_ENV)}) ==`,
  );
  const counter = await rowCounter(instance.backend);
  const samples = [];
  const started = Date.now();
  let before = await counter.count();
  try {
    while (Date.now() - started < seconds * 1000) {
      const pid = instance.server.pid;
      const run = await measureOnce({ ...load, pid, benchPids: [pid] }, scenario, sampleSeconds);
      const rows = await counter.count();
      // requests still in flight when wrk stopped may add up to one row per connection
      const purged = Math.max(0, before + run.requests - run.errors - rows);
      const sample = {
        t: (Date.now() - started) / 1000,
        rps: run.rps,
        p50_ms: run.p50_ms,
        p99_ms: run.p99_ms,
        cpu_us: run.cpu_us,
        errors: run.errors,
        rows,
        purged,
        duringPurge: purged > load.connections * 2,
      };
      samples.push(sample);
      before = rows;
      console.log(
        `t ${sample.t.toFixed(0).padStart(4)} s  ${run.rps.toFixed(0).padStart(6)} req/s  p99 ${run.p99_ms.toFixed(2)} ms  ` +
          `rows ${rows}${sample.duringPurge ? `  purged ${purged}` : ''}${run.errors ? `  ERRORS ${run.errors}` : ''}`,
      );
    }
  } finally {
    await counter.close();
  }
  await instance.server.stop();
  return {
    kind,
    title: instance.backend.title,
    scenario: scenario.title,
    env: SUSTAINED_ENV,
    summary: summarise(samples),
    samples,
  };
}

function summarise(samples) {
  const during = samples.filter((s) => s.duringPurge);
  const outside = samples.filter((s) => !s.duringPurge);
  const p99 = (list) => median(list.map((s) => s.p99_ms));
  const worst = (list) => Math.max(...list.map((s) => s.p99_ms));
  return {
    samples: samples.length,
    purgeSamples: during.length,
    purgedRows: samples.reduce((a, s) => a + s.purged, 0),
    maxRows: Math.max(...samples.map((s) => s.rows)),
    finalRows: samples.at(-1)?.rows,
    rps: median(samples.map((s) => s.rps)),
    p99DuringMs: p99(during),
    p99OutsideMs: p99(outside),
    worstP99DuringMs: during.length ? worst(during) : Number.NaN,
    worstP99OutsideMs: outside.length ? worst(outside) : Number.NaN,
    ratio: p99(during) / p99(outside),
    errors: samples.reduce((a, s) => a + s.errors, 0),
  };
}

export function sustainedMarkdown(results, info) {
  const lines = [`Run: ${info.date}, service ${info.service}, ${info.cpu}, ${info.cores} cores.`, ''];
  for (const { title, scenario, env, summary: s } of results) {
    lines.push(
      `### ${title}: ${scenario}, sustained`,
      '',
      `Environment: ${Object.entries(env)
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(', ')}.`,
      '',
      '| figure | value |',
      '| --- | ---: |',
      `| samples (wrk runs) | ${s.samples} |`,
      `| of which overlapping a purge | ${s.purgeSamples} |`,
      `| req/s (median) | ${s.rps.toFixed(0)} |`,
      `| token rows: max / at the end | ${s.maxRows} / ${s.finalRows} |`,
      `| rows purged | ${s.purgedRows} |`,
      `| p99 ms during a purge (median / worst) | ${s.p99DuringMs.toFixed(2)} / ${s.worstP99DuringMs.toFixed(2)} |`,
      `| p99 ms outside (median / worst) | ${s.p99OutsideMs.toFixed(2)} / ${s.worstP99OutsideMs.toFixed(2)} |`,
      `| p99 during ÷ outside (medians; target ≤ 2) | ${Number.isFinite(s.ratio) ? s.ratio.toFixed(2) : 'no purge seen'} |`,
      `| errors | ${s.errors} |`,
      '',
    );
  }
  return lines.join('\n');
}
