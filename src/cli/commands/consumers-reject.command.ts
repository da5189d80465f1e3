import { Command } from 'nest-commander';
import { ServiceContext } from '../service-context';
import { ConsumerActionCommand } from './consumer-action';

@Command({
  name: 'consumers:reject',
  arguments: '<key>',
  description: 'reject a proposed consumer (--reason required)',
})
export class ConsumersRejectCommand extends ConsumerActionCommand {
  protected readonly action = 'reject';
  protected readonly done = 'rejected';

  constructor(service: ServiceContext) {
    super(service);
  }
}
