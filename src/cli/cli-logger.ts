import pino from 'pino';
import { PinoLogger } from '../common/logging/pino-logger';

/** Nest's own start-up chatter, which says nothing an operator running one command needs. */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplication']);

/**
 * The service's structured log, on standard error: standard output is the command's answer (`audit:export` pipes
 * it), while the `Audit` lines the services write for what the command did stay in the log stream, as they would in
 * the service's.
 */
export class CliLogger extends PinoLogger {
  constructor(level: string) {
    super(level, pino.destination({ dest: process.stderr.fd, sync: true }));
  }

  override log(message: unknown, ...params: unknown[]): void {
    if (!START_UP_CONTEXTS.has(String(params.at(-1)))) {
      super.log(message, ...params);
    }
  }
}
