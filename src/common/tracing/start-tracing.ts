import { ConfigError } from '../../config/config.error';
import { loadTracingConfigFromEnvironment } from '../../config/tracing-config';
import type { TracingSdk } from './tracing-sdk';

/**
 * Starts the OpenTelemetry SDK when the `OTEL_*` variables ask for traces. `main.ts` imports this file before anything
 * else, because an instrumentation can only patch a module (http, express, mysql2, @redis/client) that is loaded after
 * it. Off (the default), the SDK is never loaded: `tracing-sdk.ts` is required only here, and only when on.
 */
function startTracing(): { sdk?: TracingSdk; problem?: ConfigError } {
  try {
    const config = loadTracingConfigFromEnvironment();
    if (config === undefined) {
      return {};
    }
    // A synchronous, conditional load: an `import` would load the SDK even with tracing off, and a dynamic import()
    // would let the rest of main.ts load the modules to instrument before the SDK is up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
    return { sdk: startTracingSdk(config) };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { problem: error };
    }
    throw error;
  }
}

const tracing = startTracing();

/** Throws the `ConfigError` of bad `OTEL_*` variables, for `main.ts` to report with the rest of the configuration. */
export function assertTracingConfigured(): void {
  if (tracing.problem) {
    throw tracing.problem;
  }
}

/** Sends the spans still waiting in the batch before the process exits. */
export async function stopTracing(): Promise<void> {
  await tracing.sdk?.shutdown();
}
