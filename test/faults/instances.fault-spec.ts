import { Deployment, sleep } from './support/deployment';
import { report } from './support/figures';
import { Load, tally } from './support/load';
import { eventually, exited } from './support/processes';
import { missingRows } from './support/rows';

/** issue 17 item 3: one of two instances stopped under steady mixed load, by kill -9 and by SIGTERM. */
describe('an instance stopped under load', () => {
  const deployment = new Deployment(0);

  beforeAll(async () => {
    await deployment.start();
  });

  afterAll(async () => {
    await deployment.stop();
  });

  it('fails no request on the other instance, and every answer that issued a token or proposal left its rows', async () => {
    const { a, b } = deployment.instances;
    const load = new Load(deployment.seed, () => [a, b]);
    await sleep(4000);
    const killingAt = Date.now();
    await deployment.kill('a');
    const killedAt = Date.now();
    await sleep(6000);
    const outcomes = await load.stop();

    const onB = outcomes.filter((outcome) => outcome.instance === 'b');
    const failedOnB = onB.filter((outcome) => !outcome.ok);
    const onA = outcomes.filter((outcome) => outcome.instance === 'a');
    const cutOnA = onA.filter((outcome) => !outcome.ok && outcome.startedAt <= killedAt);
    const answeredAfterKill = onA.filter((outcome) => outcome.ok && outcome.endedAt > killedAt);
    const rows = await missingRows(deployment, outcomes);
    report('kill-9', {
      requests: outcomes.length,
      requestsToSurvivor: onB.length,
      failedOnSurvivor: failedOnB.length,
      requestsToKilled: onA.length,
      cutInFlightOnKilled: cutOnA.length,
      refusedAfterKill: onA.filter((outcome) => outcome.startedAt > killedAt).length,
      killTookMs: killedAt - killingAt,
      tokensIssued: rows.tokens,
      tokenRowsMissing: rows.tokensMissing.length,
      proposals: rows.proposals,
      auditRowsMissing: rows.auditMissing.length,
      byStatus: tally(outcomes),
    });

    expect(onB.length).toBeGreaterThan(50);
    expect(failedOnB.map((outcome) => `${outcome.op} ${outcome.status} ${outcome.body ?? ''}`)).toEqual([]);
    expect(onA.some((outcome) => outcome.ok)).toBe(true);
    expect(answeredAfterKill).toEqual([]);
    expect(rows.tokens).toBeGreaterThan(10);
    expect(rows.tokensMissing).toEqual([]);
    expect(rows.proposals).toBeGreaterThan(0);
    expect(rows.auditMissing).toEqual([]);
  });

  /**
   * The requests in flight when the signal came are answered, and after the drain (`SHUTDOWN_DRAIN_DELAY`), during
   * which every answer closes its connection, the instance exits 0 before the shutdown deadline. Resets after the
   * signal are reported, not asserted: a request sent on a kept-alive connection that sat idle through the drain can
   * meet its closing when the listener closes (2 of 1 988 in one CI run, 0 in others), which a balancer retries.
   */
  it('finishes every request in flight when the signal comes, drains, and exits 0', async () => {
    const { a, b } = deployment.instances;
    // Back after the kill of the test before.
    await deployment.startInstance('a');
    const load = new Load(deployment.seed, () => [a, b], 8);
    await sleep(4000);
    const child = a.child;
    if (!child) {
      throw new Error('instance a is not running');
    }
    // The signal comes while the instance is answering (in one CI run nothing was in flight at that instant).
    await eventually(() => load.inFlightOn('a') > 0, 5000);
    const terminatedAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited(child);
    const exitedAt = Date.now();
    await sleep(2000);
    const outcomes = await load.stop();

    const onA = outcomes.filter((outcome) => outcome.instance === 'a');
    const inFlight = onA.filter((outcome) => outcome.startedAt <= terminatedAt && outcome.endedAt >= terminatedAt);
    const afterwards = onA.filter((outcome) => outcome.startedAt > terminatedAt);
    const onB = outcomes.filter((outcome) => outcome.instance === 'b');
    report('sigterm', {
      inFlightAtSigterm: inFlight.length,
      inFlightFailed: inFlight.filter((outcome) => !outcome.ok).length,
      secondsToExit: (exitedAt - terminatedAt) / 1000,
      exitCode: code,
      resetAfterSigterm: afterwards.filter((o) => /RESET|SOCKET/.test(String(o.status))).length,
      sentAfterSigterm: afterwards.length,
      afterSigtermByStatus: tally(afterwards),
      failedOnOther: onB.filter((outcome) => !outcome.ok).length,
    });

    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.filter((outcome) => !outcome.ok).map((o) => `${o.op} ${o.status}`)).toEqual([]);
    expect(code).toBe(0);
    expect(onB.filter((outcome) => !outcome.ok).map((o) => `${o.op} ${o.status}`)).toEqual([]);
  });
});
