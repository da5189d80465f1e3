import { Deployment, sleep } from './support/deployment';
import { report } from './support/figures';
import { Load, tally } from './support/load';
import { exited } from './support/processes';

/** issue 17 item 3: SIGTERM (a rolling restart, a scale-down) while the instance is busy. */
describe('SIGTERM under load', () => {
  const deployment = new Deployment(3);

  beforeAll(async () => {
    await deployment.start();
  });

  afterAll(async () => {
    await deployment.stop();
  });

  /**
   * What is asserted is the requests in flight when the signal came. How the instance then drains its kept-alive
   * connections (and how soon it exits) is reported, not asserted: that is the shutdown drain's own work.
   */
  it('finishes every request in flight when the signal comes, with no connection reset mid-response', async () => {
    const { a, b } = deployment.instances;
    const load = new Load(deployment.seed, () => [a, b], 8);
    await sleep(4000);
    const child = a.child;
    if (!child) {
      throw new Error('instance a is not running');
    }
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
    expect(onB.filter((outcome) => !outcome.ok).map((o) => `${o.op} ${o.status}`)).toEqual([]);
  });
});
