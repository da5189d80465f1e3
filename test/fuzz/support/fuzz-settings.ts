import fc from 'fast-check';

/** The seed CI runs with, so that a red build is the same red build on every machine. */
const FIXED_SEED = 1702;

/**
 * The seed of this run: fixed by default; `FUZZ_SEED=random` draws one, `FUZZ_SEED=<integer>` replays one. It is
 * printed once per file so that a failure found with a random seed can be replayed.
 */
export const FUZZ_SEED = seedFrom(process.env.FUZZ_SEED);

/** Scales every property's run count (`FUZZ_RUNS=10` for a long local hunt); the time limits still hold. */
export const RUN_SCALE = Math.max(0.01, Number(process.env.FUZZ_RUNS ?? '1') || 1);

function seedFrom(setting: string | undefined): number {
  if (setting === undefined || setting === '') {
    return FIXED_SEED;
  }
  if (setting === 'random') {
    return (Math.random() * 0x7fffffff) | 0;
  }
  const seed = Number(setting);
  if (!Number.isInteger(seed)) {
    throw new Error(`FUZZ_SEED must be "random" or an integer, not "${setting}"`);
  }
  return seed;
}

/** One line of the run's record on standard error, where vitest shows it beside the test. */
export function fuzzLog(line: string): void {
  process.stderr.write(`[fuzz] ${line}\n`);
}

export function announceSeed(suite: string): void {
  fuzzLog(`${suite}: FUZZ_SEED=${FUZZ_SEED} (replay a failure with FUZZ_SEED=${FUZZ_SEED})`);
}

/**
 * fast-check parameters bounded in count and in time: `numRuns` cases at most, and no new case after `seconds`
 * (`interruptAfterTimeLimit`; an interrupted property still fails on any counterexample it found). `salt` gives
 * each property its own stream from the run's seed. Shrinking is kept short: every step is an HTTP round trip.
 */
export function fuzzParameters<T>(numRuns: number, seconds: number, salt = 0): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED + salt,
    numRuns: Math.max(1, Math.round(numRuns * RUN_SCALE)),
    interruptAfterTimeLimit: seconds * RUN_SCALE * 1000,
    markInterruptAsFailure: false,
    endOnFailure: true,
  };
}

/**
 * A test's own timeout for a fuzz budget of `seconds`: room for the last case past the limit, and for a loaded
 * machine where every operation takes its minimum share (MariaDB + Redis under a parallel suite).
 */
export function fuzzTimeout(seconds: number): number {
  return (seconds * RUN_SCALE * 4 + 60) * 1000;
}
