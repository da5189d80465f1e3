import { Writable } from 'node:stream';
import { PinoLogger } from '../../../src/common/logging/pino-logger';

/** The service's JSON log lines, kept in memory: give `logger` to `startTestApp` and read what it wrote. */
export class CapturedLog {
  readonly lines: string[] = [];
  readonly logger: PinoLogger;

  constructor(level = 'info') {
    const lines = this.lines;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    this.logger = new PinoLogger(level, sink);
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The audit trail's entries (the `Audit` context). */
  audit(): Record<string, unknown>[] {
    return this.records().filter((record) => record.context === 'Audit');
  }

  /** Everything written, for checks that a secret never appears in any line. */
  text(): string {
    return this.lines.join('\n');
  }
}
