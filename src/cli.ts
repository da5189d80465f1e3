import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { CliLogger } from './cli/cli-logger';
import { CommandError } from './cli/command-error';
import { AppException } from './common/errors/app.exception';
import { ConfigError } from './config/config.error';
import { loadConfigFromEnvironment } from './config/load-config';

/**
 * The operator commands' entry point (`npm run cli -- <command>`, `node dist/src/cli.js <command>`), configured from
 * the environment exactly as the service is. A mistake (bad input, an unknown key or user, a refused change) is one
 * line on standard error and exit status 1, with nothing changed.
 */
async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  await CommandFactory.run(CliModule.forRoot(config, new CliLogger(config.logLevel)), {
    cliName: 'gatehouse',
    logger: false,
    // commander has printed its own message (unknown command or option, missing argument, help): keep its status
    // and let the application close, instead of commander's process.exit.
    errorHandler: (error) => {
      process.exitCode = commanderFailure(error) ? error.exitCode : 1;
      throw error;
    },
    serviceErrorHandler: (error) => {
      if (!commanderFailure(error)) {
        report(error);
      }
    },
  });
}

/** commander's own `CommanderError` (its class is the copy nest-commander bundles, so it is told by its code). */
function commanderFailure(error: unknown): error is { code: string; exitCode: number } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('commander.');
}

function report(error: unknown): void {
  if (error instanceof ConfigError || error instanceof CommandError || error instanceof AppException) {
    console.error(error.message);
  } else {
    console.error('failed:', error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
}

main().catch(report);
