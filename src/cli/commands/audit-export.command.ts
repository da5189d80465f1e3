import { once } from 'node:events';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { CommandError } from '../command-error';
import { instant } from '../input';
import { ServiceContext } from '../service-context';

interface ExportOptions {
  since: string;
  until?: string;
}

/** Rows per query: the log is read a page at a time, never whole. */
const PAGE = 500;

/**
 * The audit log (`oauth_log`: every proposal, update and stage change, with actor and reason) from `--since` up to
 * `--until`, as JSON lines on standard output, oldest first, the entries of suppressed consumers included. Written as
 * it is read, waiting whenever the reader of the pipe falls behind.
 */
@Command({ name: 'audit:export', description: 'the audit log since a date, as JSON lines (--since required)' })
export class AuditExportCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_: string[], options: ExportOptions): Promise<void> {
    const since = instant(options.since, '--since');
    const until = options.until === undefined ? undefined : instant(options.until, '--until');
    if (until && until <= since) {
      throw new CommandError('--until must come after --since');
    }
    const query = await this.service.get(ConsumerQueryService);
    let afterId = 0;
    for (;;) {
      const page = await query.auditPage({ since, until }, afterId, PAGE);
      if (page.lastId === undefined) {
        return;
      }
      for (const entry of page.entries) {
        if (!process.stdout.write(`${JSON.stringify(entry)}\n`)) {
          await once(process.stdout, 'drain');
        }
      }
      afterId = page.lastId;
    }
  }

  @Option({ flags: '--since <date>', description: 'ISO 8601 date or date-time (inclusive)', required: true })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--until <date>', description: 'ISO 8601 date or date-time (exclusive)' })
  parseUntil(value: string): string {
    return value;
  }
}
