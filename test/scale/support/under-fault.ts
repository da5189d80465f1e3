import { Acknowledged, type AcknowledgedCheck } from '../../faults/support/acknowledged';
import type { Deployment } from '../../faults/support/deployment';
import { report } from '../../faults/support/figures';
import { Load, type Operation, type Outcome, tally } from '../../faults/support/load';
import { eventually, sleep } from '../../faults/support/processes';
import { ReadinessProbe, type ReadySample } from '../../faults/support/probes';
import { type RaceVerdict, RedemptionRaces } from '../../faults/support/redemption-races';
import { missingRows } from '../../faults/support/rows';

/** The issue's mix: gateway verification (bearer and OAuth 1), introspection, token issuance, code flow, refresh. */
const SCALE_MIX: Operation[] = [
  'verify',
  'introspect',
  'client-credentials',
  'code-exchange',
  'verify',
  'refresh',
  'introspect',
  'verify-oauth1',
];
const WORKERS = 6;
/** How long the deployment may take to be healthy again after a fault before the run counts it as not recovered. */
const HEALTHY_WITHIN_MS = 60_000;

/** `SCALE_SHORT=1` (what `.ci/run` runs): fewer seconds of load around each fault, the same faults and checks. */
export const LOAD_SECONDS = process.env.SCALE_SHORT === '1' ? { before: 3, after: 3 } : { before: 10, after: 20 };

export interface Fault {
  name: string;
  inject: (deployment: Deployment) => Promise<void>;
}

export interface FaultResult {
  outcomes: Outcome[];
  failed: Outcome[];
  healthy: boolean;
  races: RaceVerdict;
  acknowledged: AcknowledgedCheck;
  tokenRowsMissing: string[];
}

/**
 * One fault under load, through the deployment's front door: the mixed load, the redemption races and the readiness
 * probe run; grants and codes are acknowledged, the fault is injected, and once every instance is ready again what was
 * acknowledged is checked while the load runs on. Reports the figures (`FAULT FIGURES`, scenario `scale-<name>`) and
 * answers them.
 */
export async function underFault(deployment: Deployment, fault: Fault): Promise<FaultResult> {
  const instances = Object.values(deployment.instances);
  const load = new Load(deployment.seed, () => [deployment.front], WORKERS, SCALE_MIX);
  const races = new RedemptionRaces(deployment.seed, deployment.front, instances);
  const probe = new ReadinessProbe(instances);
  await sleep(LOAD_SECONDS.before * 1000);
  // Issued last before the fault and checked first after it, so that the codes are still within their lifetime.
  const acknowledged = await Acknowledged.issue(deployment.seed, deployment.front);
  const faultAt = Date.now();
  await fault.inject(deployment);
  const injectedAt = Date.now();
  const healthy = await eventually(
    () =>
      instances.every(
        (instance) =>
          probe.samples.findLast((sample) => sample.instance === instance.name && sample.startedAt > injectedAt)
            ?.status === 200,
      ),
    HEALTHY_WITHIN_MS,
  );
  const stillWorking = await acknowledged.check();
  await sleep(LOAD_SECONDS.after * 1000);
  const outcomes = await load.stop();
  await races.stop();
  const samples = await probe.stop();

  const failed = outcomes.filter((outcome) => !outcome.ok);
  const failedSinceFault = failed.filter((outcome) => outcome.endedAt >= faultAt);
  const healthyAt = Math.max(
    faultAt,
    ...failedSinceFault.map((outcome) => outcome.endedAt),
    ...instances.map((instance) => readyAgainAt(samples, instance.name, faultAt)),
  );
  const result: FaultResult = {
    outcomes,
    failed,
    healthy,
    races: await races.verdict(),
    acknowledged: stillWorking,
    tokenRowsMissing: (await missingRows(deployment, outcomes)).tokensMissing,
  };
  report(`scale-${fault.name}`, {
    requests: outcomes.length,
    failed: failed.length,
    failedByStatus: tally(failed),
    // HAProxy's own 503, when it had taken every instance out (each /readyz answering 503).
    failedWithNoInstanceUp: failed.filter((outcome) => outcome.body?.includes('No server is available')).length,
    // How long every instance's /readyz said 503 at once: HAProxy then sends to its backup lines, the same instances.
    secondsNoInstanceReady: millisecondsNoneReady(samples, instances.length) / 1000,
    failedFirst: failed.slice(0, 3).map((outcome) => `${outcome.op} ${outcome.status} ${outcome.body?.slice(0, 160)}`),
    faultSeconds: (injectedAt - faultAt) / 1000,
    secondsUntilHealthy: healthy ? (healthyAt - faultAt) / 1000 : null,
    codeRaces: result.races.codeRaces,
    refreshRaces: result.races.refreshRaces,
    raceSetupsFailed: result.races.setupsFailed,
    doubleRedemptions: result.races.codesRedeemedTwice.length + result.races.refreshTokensBranchedTwice.length,
    acknowledgedGrants: result.acknowledged.grants,
    acknowledgedCodes: result.acknowledged.codes - result.acknowledged.codesExpired,
    acknowledgedLost: result.acknowledged.lost.length,
    tokenRowsMissing: result.tokenRowsMissing.length,
    byStatus: tally(outcomes),
  });
  return result;
}

/** When the instance answered /readyz 200 again after its last failed answer since `since` (`since` if none failed). */
function readyAgainAt(samples: ReadySample[], name: string, since: number): number {
  const own = samples.filter((sample) => sample.instance === name && sample.startedAt >= since);
  const lastDown = own.findLastIndex((sample) => sample.status !== 200);
  if (lastDown === -1) {
    return since;
  }
  return own.slice(lastDown + 1).find((sample) => sample.status === 200)?.endedAt ?? Number.POSITIVE_INFINITY;
}

/** Milliseconds during which the last /readyz answer of every instance was not 200, from the probe's samples. */
function millisecondsNoneReady(samples: ReadySample[], instanceCount: number): number {
  const latest = new Map<string, number | 'error'>();
  let noneReadySince: number | undefined;
  let total = 0;
  for (const sample of [...samples].sort((a, b) => a.endedAt - b.endedAt)) {
    latest.set(sample.instance, sample.status);
    const noneReady = latest.size === instanceCount && [...latest.values()].every((status) => status !== 200);
    if (noneReady && noneReadySince === undefined) {
      noneReadySince = sample.endedAt;
    } else if (!noneReady && noneReadySince !== undefined) {
      total += sample.endedAt - noneReadySince;
      noneReadySince = undefined;
    }
  }
  return total;
}
