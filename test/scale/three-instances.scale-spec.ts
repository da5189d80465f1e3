import { Deployment } from '../faults/support/deployment';
import { eventually, sleep } from '../faults/support/processes';
import { type FaultResult, underFault } from './support/under-fault';

/** The suite's ten ports, from SCALE_PORT_BASE: below the system's range for outgoing connections, so none is taken. */
const PORT_BASE = Number(process.env.SCALE_PORT_BASE ?? 22500);
/** HAProxy marks a restarted instance up after `rise 2` checks `inter 1s` apart (docs/deploy/haproxy.cfg). */
const HAPROXY_RISE_MS = 2500;

/**
 * issue 24 item 4: three instances of the built service behind the documented HAProxy, Redis as a master, a replica
 * and three Sentinels, on one MariaDB database; one fault at a time under mixed load through HAProxy. For each:
 * no single-use value redeemed twice, nothing acknowledged before the fault lost after it, every issued token's row
 * stored. The MariaDB primary's failover joins as one more fault once the suite has a MariaDB pair to switch.
 */
describe('three instances behind HAProxy, Redis with Sentinel, one fault at a time under load', () => {
  const deployment = new Deployment(0, {
    instances: 3,
    portBase: PORT_BASE,
    sentinel: true,
    haproxy: true,
    // Above HAProxy's time to mark a stopping instance down (inter × fall = 2 s), as the runbook asks.
    env: { SHUTDOWN_DRAIN_DELAY: 'PT3S' },
  });

  beforeAll(async () => {
    await deployment.start();
  });

  afterAll(async () => {
    await deployment.stop();
  });

  const expectSafe = (result: FaultResult) => {
    expect(result.healthy).toBe(true);
    expect(result.races.codeRaces).toBeGreaterThan(0);
    expect(result.races.refreshRaces).toBeGreaterThan(0);
    expect(result.races.codesRedeemedTwice).toEqual([]);
    expect(result.races.refreshTokensBranchedTwice).toEqual([]);
    expect(result.races.unreadable).toBe(0);
    expect(result.acknowledged.lost).toEqual([]);
    expect(result.tokenRowsMissing).toEqual([]);
  };
  const failures = (result: FaultResult) => result.failed.map((o) => `${o.op} ${o.status} ${o.body?.slice(0, 200)}`);

  it('kill -9 of one instance, restarted as its service manager would: nothing redeemed twice, nothing lost', async () => {
    const result = await underFault(deployment, {
      name: 'kill-9',
      inject: async (target) => {
        await target.kill('b');
        await target.startInstance('b');
      },
    });

    expectSafe(result);
    // HAProxy sends a request refused by the dead instance to another one (retry-on conn-failure); only a request
    // cut mid-answer can fail, and never as a 500 of the service.
    expect(result.failed.filter((outcome) => outcome.status === 500)).toEqual([]);
  });

  it('a rolling restart of all three instances (SIGTERM, wait, start, next): zero errors', async () => {
    const result = await underFault(deployment, {
      name: 'rolling-restart',
      inject: async (target) => {
        for (const name of Object.keys(target.instances)) {
          expect(await target.terminate(name)).toBe(0);
          await target.startInstance(name);
          await sleep(HAPROXY_RISE_MS);
        }
      },
    });

    expectSafe(result);
    expect(failures(result)).toEqual([]);
  });

  it('the Redis master killed, a Sentinel failover to its replica: fails closed, nothing redeemed twice or lost', async () => {
    const sentinels = deployment.sentinels;
    if (!sentinels) {
      throw new Error('the deployment runs without Sentinels');
    }
    const result = await underFault(deployment, {
      name: 'redis-master-killed',
      inject: async () => {
        const before = await sentinels.currentMasterPort();
        sentinels.killMaster();
        expect(await eventually(async () => (await sentinels.currentMasterPort()) !== before, 30_000)).toBe(true);
      },
    });

    expectSafe(result);
    // While the failover is under way a step that needs Redis answers 503 with Retry-After (issue 24 item 1), never
    // a 500; an authorization that cannot read its session sends the browser to sign in (303), as in the Redis
    // restart of the fault suite.
    const unclear = failures(result).filter(
      (failure) => !/^\S+ 503 /.test(failure) && !/^\S+ 303 (code flow: )?authorize: /.test(failure),
    );
    expect(unclear).toEqual([]);
  });
});
