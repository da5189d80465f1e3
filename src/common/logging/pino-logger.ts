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
 * Structured JSON logs for the whole service (Nest's own messages included). Nest passes the context as
 * the last parameter; an object first parameter becomes fields of the line.
 */
export class PinoLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level: string, destination?: pino.DestinationStream) {
    this.pino = pino(
      { level, base: { service: 'gatehouse' }, redact: { paths: REDACTED, censor: '[redacted]' } },
      destination,
    );
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
