// One instance of the built service (dist/src/main.js) as the bench runs it: on free ports with the bench's
// environment, pinned to the servers' core (pinned-process.mjs), ready once /healthz answers.
import { join } from 'node:path';
import { serviceEnv, writeSigningKey } from './backends.mjs';
import { freePort, startPinned } from './pinned-process.mjs';
import { startFlags } from './start-flags.mjs';

/** The environment of a service instance on `backend`, on two free ports, with a fresh RS256 key in `work`. */
export async function freshServiceEnv({ work, backend, admin }) {
  return serviceEnv({
    mainPort: await freePort(),
    gatewayPort: await freePort(),
    work,
    keyPath: writeSigningKey(work),
    backend,
    admin,
  });
}

/**
 * Starts the service of `serviceDir` as its `npm start` does (its node flags), with `env` and `nodeFlags` after
 * those, under `wrapper` if given (startPinned), its log in `work`/<name>.log; `cleanups` gets its stop. Answers
 * { pid, logPath, stop, mainPort, gatewayPort }.
 */
export async function startService({
  name,
  serviceDir,
  core,
  env,
  work,
  nodeFlags = [],
  wrapper,
  cleanups,
  timeoutMs,
}) {
  const started = await startPinned({
    name,
    core,
    args: [...startFlags(serviceDir), ...nodeFlags, 'dist/src/main.js'],
    cwd: serviceDir,
    env,
    logPath: join(work, `${name}.log`),
    readyUrl: `http://127.0.0.1:${env.PORT}/healthz`,
    cleanups,
    timeoutMs,
    wrapper,
  });
  return { ...started, mainPort: Number(env.PORT), gatewayPort: Number(env.GATEWAY_PORT) };
}
