// What a bench runner undoes on the way out (servers, databases, work directories), last first, also on SIGINT and
// SIGTERM.

/** Async functions to call on the way out; `push` to add one. */
export const cleanups = [];

export async function runCleanups() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      console.error(`cleanup failed: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    runCleanups().finally(() => process.exit(130));
  });
}
