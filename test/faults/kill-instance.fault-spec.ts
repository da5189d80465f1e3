import { Deployment, sleep } from './support/deployment';
import { report } from './support/figures';
import { Load, tally } from './support/load';
import { missingRows } from './support/rows';

/** issue 17 item 3: one of two instances killed with SIGKILL under steady mixed load. */
describe('kill -9 of one instance under load', () => {
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
});
