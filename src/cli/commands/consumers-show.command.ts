import { Command, CommandRunner } from 'nest-commander';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { ServiceContext } from '../service-context';

/** As many log entries as the management page shows. */
const LOG_ENTRIES = 50;

@Command({
  name: 'consumers:show',
  arguments: '<key>',
  description: 'a consumer in full, with its latest audit log entries (JSON)',
})
export class ConsumersShowCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([key]: string[]): Promise<void> {
    const query = await this.service.get(ConsumerQueryService);
    const operator = this.service.reader();
    const { consumer } = await query.detail(operator, key);
    const { entries } = await query.logEntries(operator, key, LOG_ENTRIES);
    console.log(JSON.stringify({ consumer, log: entries }, null, 2));
  }
}
