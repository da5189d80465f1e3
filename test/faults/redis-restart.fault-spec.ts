import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { signedHeader } from '../e2e/support/oauth1-client';
import { CALLBACK, authorizationCode, postForm } from '../e2e/support/oauth2-client';
import { Deployment, GATEWAY_KEY, sleep } from './support/deployment';
import { report } from './support/figures';
import { Load, tally } from './support/load';
import { eventually } from './support/processes';
import { ReadinessProbe } from './support/probes';

const OUTAGE_MS = 5000;

/** issue 17 item 3: the deployment's Redis restarted under load. */
describe('Redis restarted under load', () => {
  // appendonly yes, appendfsync always: what docs/operations.md asks of a deployment where replays matter.
  const deployment = new Deployment(2, { persistentRedis: true });

  beforeAll(async () => {
    await deployment.start();
  });

  afterAll(async () => {
    await deployment.stop();
  });

  /** A signed OAuth 1 gateway request with a fixed nonce, sent as the gateway forwards it. */
  const oauth1Request = (nonce: string, timestamp: number) => {
    const target = '/v1/pages?title=Replay';
    return {
      Authorization: signedHeader('https://api.example.com', deployment.seed.oauth1, {
        method: 'GET',
        target,
        nonce,
        timestamp,
      }),
      'X-Original-Method': 'GET',
      'X-Original-URI': target,
      'X-Forwarded-Host': 'api.example.com',
      'X-Forwarded-Proto': 'https',
      'X-Gateway-Key': GATEWAY_KEY,
    };
  };
  const verify = async (url: string, headers: Record<string, string>) =>
    (await fetch(`${url}/gateway/verify`, { headers, signal: AbortSignal.timeout(10_000) })).status;
  const exchange = (url: string, code: string, verifier: string) =>
    postForm(
      { url },
      '/oauth2/token',
      { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK },
      deployment.seed.app,
    );

  it('reports the errors of the outage, tells the truth on /readyz, recovers by itself, and keeps single use', async () => {
    const { a, b } = deployment.instances;
    const { code, verifier } = await authorizationCode(deployment.seed.user, deployment.seed.app);
    expect((await exchange(a.url, code, verifier)).status).toBe(200);
    const nonce = randomBytes(8).toString('hex');
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await verify(a.url, oauth1Request(nonce, timestamp))).toBe(200);

    const load = new Load(deployment.seed, () => [a, b]);
    const probe = new ReadinessProbe([a, b]);
    await sleep(3000);
    // Redis closes its clients as soon as it gets SIGTERM, before it exits: requests ending in between are neither
    // "before" the outage (they may fail) nor counted in it.
    const stoppingAt = Date.now();
    await deployment.stopRedis();
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    const restartingAt = Date.now();
    await deployment.startRedis();
    const upAt = Date.now();
    // Recovered: each instance (its Redis client reconnects on its own schedule) ready and answering again.
    const recoveredOn = (name: string) =>
      probe.samples.findLast((sample) => sample.instance === name)?.status === 200 &&
      load.outcomes.filter((outcome) => outcome.instance === name && outcome.startedAt > upAt && outcome.ok).length >=
        5;
    const recovered = await eventually(() => recoveredOn('a') && recoveredOn('b'), 30_000);
    const recoveredAt = Date.now();
    await sleep(3000);
    const outcomes = await load.stop();
    const samples = await probe.stop();

    const during = outcomes.filter((outcome) => outcome.startedAt >= downAt && outcome.endedAt <= restartingAt);
    const before = outcomes.filter((outcome) => outcome.endedAt < stoppingAt);
    const settled = outcomes.filter((outcome) => outcome.startedAt > recoveredAt);
    const readyWhileDown = samples.filter((s) => s.startedAt >= downAt && s.endedAt <= restartingAt);
    const readyAfter = samples.filter((s) => s.startedAt > recoveredAt);
    const firstReady = samples.find((s) => s.startedAt >= upAt && s.status === 200);
    const codeReplay = await exchange(b.url, code, verifier);
    const nonceReplay = await verify(b.url, oauth1Request(nonce, timestamp));
    report('redis-restart', {
      outageMs: upAt - downAt,
      requestsBefore: before.length,
      failedBefore: before.filter((outcome) => !outcome.ok).length,
      requestsDuringOutage: during.length,
      failedDuringOutage: during.filter((outcome) => !outcome.ok).length,
      errorRateDuringOutage: during.length ? during.filter((o) => !o.ok).length / during.length : null,
      duringByStatus: tally(during),
      secondsToRecover: (recoveredAt - upAt) / 1000,
      readyzFirst200AfterRestartSeconds: firstReady ? (firstReady.endedAt - upAt) / 1000 : null,
      readyzWhileDown: tally(readyWhileDown.map((s) => ({ op: 'readyz', status: s.status }) as never)),
      failedAfterRecovery: settled.filter((outcome) => !outcome.ok).length,
      codeReplayAfterRestart: codeReplay.status,
      nonceReplayAfterRestart: nonceReplay,
    });

    expect(before.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(during.length).toBeGreaterThan(0);
    expect(recovered).toBe(true);
    // Truthful throughout: never ready while Redis is down, ready again once it is back.
    expect(readyWhileDown.length).toBeGreaterThan(4);
    expect(readyWhileDown.filter((s) => s.status !== 503)).toEqual([]);
    expect(readyAfter.length).toBeGreaterThan(0);
    expect(readyAfter.filter((s) => s.status !== 200)).toEqual([]);
    expect(settled.filter((outcome) => !outcome.ok).map((o) => `${o.op} ${o.status} ${o.body ?? ''}`)).toEqual([]);
    // Never a 500 with a trace: what needs Redis answers 503 with Retry-After in its protocol's format, the
    // authorization whose session cannot be read too (not a 303 to sign in again).
    const unclear = during.filter(
      (outcome) => !outcome.ok && (/\bat \S+ \(/.test(outcome.body ?? '') || outcome.status !== 503),
    );
    expect(unclear.map((o) => `${o.op} ${o.status} ${o.body?.slice(0, 200) ?? ''}`)).toEqual([]);
    expect(codeReplay.status).toBe(400);
    expect(codeReplay.body).toMatchObject({ error: 'invalid_grant' });
    expect(nonceReplay).toBe(401);
  });

  /**
   * Redis without persistence comes back empty (docs/operations.md, "Redis lost"). A spent code is then still refused
   * (codes are single use by being taken from the store: an empty store holds none), but the record of a spent OAuth 1
   * nonce is gone, so the same signed request is accepted again within its timestamp window (RFC 5849 §3.3). This
   * shows that documented limit as it is.
   */
  it('after a restart that lost everything, still refuses a spent code but accepts a replayed OAuth 1 nonce', async () => {
    const { a, b } = deployment.instances;
    const { code, verifier } = await authorizationCode(deployment.seed.user, deployment.seed.app);
    expect((await exchange(a.url, code, verifier)).status).toBe(200);
    const nonce = randomBytes(8).toString('hex');
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await verify(a.url, oauth1Request(nonce, timestamp))).toBe(200);
    expect(await verify(b.url, oauth1Request(nonce, timestamp))).toBe(401);

    await deployment.stopRedis();
    rmSync(join(deployment.dir, 'appendonlydir'), { recursive: true, force: true });
    await deployment.startRedis();
    const ready = await eventually(
      async () => (await fetch(`${a.url}/readyz`)).status === 200 && (await fetch(`${b.url}/readyz`)).status === 200,
      20_000,
    );
    const codeReplay = await exchange(b.url, code, verifier);
    const nonceReplay = await verify(b.url, oauth1Request(nonce, timestamp));
    report('redis-lost', { codeReplayAfterLoss: codeReplay.status, nonceReplayAfterLoss: nonceReplay });

    expect(ready).toBe(true);
    expect(codeReplay.status).toBe(400);
    expect(codeReplay.body).toMatchObject({ error: 'invalid_grant' });
    expect(nonceReplay).toBe(200);
  });
});
