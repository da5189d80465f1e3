import { Command } from 'nest-commander';
import { ServiceContext } from '../service-context';
import { ConsumerActionCommand } from './consumer-action';

@Command({
  name: 'consumers:enable',
  arguments: '<key>',
  description: 're-enable a disabled consumer (--reason required)',
})
export class ConsumersEnableCommand extends ConsumerActionCommand {
  protected readonly action = 'reenable';
  protected readonly done = 're-enabled';

  constructor(service: ServiceContext) {
    super(service);
  }
}
