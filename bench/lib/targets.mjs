// Issue 12's targets, checked on one backend's medians: server CPU per request against node-oidc-provider in the
// same run, the app's bare route against a bare Nest app, no regression against a previous run, and the service's
// peak RSS. Each check answers { what, value, met } (met undefined when it cannot be judged).
import { PEER_OF } from './scenarios.mjs';

/** Largest service CPU per request as a multiple of the peer's (same run, same backend). */
export const PEER_TARGETS = {
  'introspect-main': 1.0,
  'introspect-gw': 0.5,
  'cc-issue': 1.0,
  'cc-issue-gw': 0.7,
  'cc-es256': 1.0,
  'cc-es256-gw': 0.7,
  'refresh-main': 1.0,
  'refresh-gw': 1.0,
  'code-main': 1.0,
  'code-gw': 1.0,
};

/** Issue 14: a DPoP-bound decision (proof checked, jti spent) costs at most this much the bearer one's CPU. */
const DPOP_LIMIT = 2;

/**
 * Rows that may not cost more than 10 % CPU per request above the previous run's; with --before, the rows measured
 * for both builds in the same rounds (the DPoP ones too: on a loaded machine only that compares a change to them).
 */
export const REGRESSION_ROWS = [
  'baseline',
  'bearer-main',
  'bearer-gw',
  'oauth1-main',
  'oauth1-gw',
  'dpop-gw',
  'dpop-ps256-gw',
];
const REGRESSION_LIMIT = 1.1;
const BARE_LIMIT = 1.25;
const RSS_LIMIT_MB = 200;

/** Adds to each of the service's rows that has a peer counterpart its CPU/request and req/s ratios to the peer. */
export function addPeerRatios(rows) {
  for (const row of rows) {
    const peer = rows.find((r) => r.id === PEER_OF[row.id]);
    if (peer) {
      row.peer = { id: peer.id, cpu: row.cpu_us / peer.cpu_us, rps: row.rps / peer.rps };
    }
  }
}

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '?');
/** A row with failed requests measured something else than the scenario: no verdict. */
const failed = (...rows) => rows.filter((row) => row.errors > 0).map((row) => `${row.id}: ${row.errors} errors`);

function check(what, value, met, ...rows) {
  const errors = failed(...rows);
  return errors.length > 0 ? { what, value: `${value}; ${errors.join(', ')}`, met: undefined } : { what, value, met };
}

/**
 * The checks of one backend's `result` ({ kind, rows, rss }); `previous` is the same backend's result of an earlier
 * run (--compare), if any.
 */
export function issueTargets(result, previous) {
  const checks = [];
  const row = (id) => result.rows.find((r) => r.id === id);
  for (const [id, limit] of Object.entries(PEER_TARGETS)) {
    const found = row(id);
    if (found?.peer) {
      const peer = row(found.peer.id);
      checks.push(
        check(
          `${id}: CPU/req ≤ ${limit}× ${peer.id}`,
          `${fmt(found.peer.cpu)}× (${fmt(found.cpu_us, 0)} vs ${fmt(peer.cpu_us, 0)} µs); req/s ${fmt(found.peer.rps)}×`,
          found.peer.cpu <= limit,
          found,
          peer,
        ),
      );
    }
  }
  const bearer = row('bearer-gw');
  for (const dpop of [row('dpop-gw'), row('dpop-ps256-gw')]) {
    if (dpop && bearer) {
      const ratio = dpop.cpu_us / bearer.cpu_us;
      checks.push(
        check(
          `${dpop.id}: CPU/req ≤ ${DPOP_LIMIT}× bearer-gw`,
          `${fmt(ratio)}× (${fmt(dpop.cpu_us, 0)} vs ${fmt(bearer.cpu_us, 0)} µs)`,
          ratio <= DPOP_LIMIT,
          dpop,
          bearer,
        ),
      );
    }
  }
  const base = row('baseline');
  const bare = row('bare-nest');
  if (base && bare) {
    const ratio = base.cpu_us / bare.cpu_us;
    checks.push(
      check(
        `baseline: CPU/req ≤ ${BARE_LIMIT}× the bare Nest app`,
        `${fmt(ratio)}× (${fmt(base.cpu_us, 0)} vs ${fmt(bare.cpu_us, 0)} µs)`,
        ratio <= BARE_LIMIT,
        base,
        bare,
      ),
    );
  }
  for (const id of REGRESSION_ROWS) {
    const now = row(id);
    const other = row(`before-${id}`);
    if (now && other) {
      const ratio = now.cpu_us / other.cpu_us;
      checks.push(
        check(
          `${id}: CPU/req ≤ ${REGRESSION_LIMIT}× the --before build's, same rounds`,
          `${fmt(ratio)}× (${fmt(now.cpu_us, 0)} vs ${fmt(other.cpu_us, 0)} µs)`,
          ratio <= REGRESSION_LIMIT,
          now,
          other,
        ),
      );
    }
  }
  if (previous) {
    const before = (id) => previous.rows.find((r) => r.id === id);
    for (const id of REGRESSION_ROWS) {
      const now = row(id);
      const then = before(id);
      if (now && then) {
        const ratio = now.cpu_us / then.cpu_us;
        checks.push(
          check(
            `${id}: CPU/req ≤ ${REGRESSION_LIMIT}× the previous run`,
            `${fmt(ratio)}× (${fmt(now.cpu_us, 0)} vs ${fmt(then.cpu_us, 0)} µs)`,
            ratio <= REGRESSION_LIMIT,
            now,
          ),
        );
      }
    }
    // not a target: how much the machine itself moved between the runs, to read the regression checks by
    const bareThen = before('bare-nest');
    if (bare && bareThen) {
      checks.push({
        what: 'machine drift (bare Nest app CPU/req against the previous run; no target)',
        value: `${fmt(bare.cpu_us / bareThen.cpu_us)}×`,
        met: undefined,
        info: true,
      });
    }
  }
  for (const [name, { maxMiB, samples }] of Object.entries(result.rss ?? {})) {
    if (name.startsWith('service')) {
      const mb = (maxMiB * 1024 * 1024) / 1e6;
      checks.push({
        what: `${name}: peak RSS ≤ ${RSS_LIMIT_MB} MB through the bench`,
        value: `${fmt(mb, 0)} MB (${samples} samples every 250 ms)`,
        met: mb <= RSS_LIMIT_MB,
      });
    }
  }
  return checks;
}

export function verdict(check) {
  if (check.info) {
    return 'info';
  }
  return check.met === undefined ? 'NO VERDICT' : check.met ? 'met' : 'MISSED';
}
