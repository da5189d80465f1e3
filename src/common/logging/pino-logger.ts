import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';

/** Field names whose values never reach a log line, wherever they appear. */
const REDACTED = [
  'password',
  'secret',
  'token',
  'accessToken',
  'accessSecret',
  'refreshToken',
  'clientSecret',
  'authorization',
  'cookie',
  'csrfToken',
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
];

/**
 * The service's standard output as its log lines go to it: gathered into writes of 4 KiB, or whatever has come within
 * 250 ms, instead of one write(2) per line, which cost the main port's bare route about 5 µs per request in the bench
 * (docs/performance.md). pino flushes it synchronously when the process exits, so a crash or a shutdown keeps its last
 * lines; only a SIGKILL can lose up to 250 ms of them.
 */
export function bufferedStdout(): pino.DestinationStream {
  return pino.destination({ dest: process.stdout.fd, sync: false, minLength: 4096, periodicFlush: 250 });
}

/**
 * Structured JSON logs for the whole service (Nest's own messages included). Nest passes the context as
 * the last parameter; an object first parameter becomes fields of the line.
 */
export class PinoLogger implements LoggerService {
  readonly pino: Pino;
  /**
   * The access log's own logger, on the same stream, with `context: "Http"` bound once. Its lines have fixed fields
   * that never hold a secret (`access-log.ts`), so they skip the redaction pass, which was a third of the access
   * log's cost on the main port's bare route (docs/performance.md).
   */
  readonly accessLines: Pino;

  constructor(level: string, destination?: pino.DestinationStream) {
    const options = { level, base: { service: 'gatehouse' } };
    // pino's own default: standard output, written synchronously.
    const stream = destination ?? pino.destination({ dest: process.stdout.fd, sync: true });
    this.pino = pino({ ...options, redact: { paths: REDACTED, censor: '[redacted]' } }, stream);
    this.accessLines = pino(options, stream).child({ context: 'Http' });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      const text = typeof params[0] === 'string' ? params[0] : undefined;
      this.pino[level]({ context, ...message }, text);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      const stack = typeof params[0] === 'string' && level === 'error' ? params[0] : undefined;
      this.pino[level]({ context, stack }, String(message));
    }
  }
}
