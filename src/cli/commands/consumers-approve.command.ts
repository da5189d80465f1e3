import { Command } from 'nest-commander';
import { ServiceContext } from '../service-context';
import { ConsumerActionCommand } from './consumer-action';

@Command({
  name: 'consumers:approve',
  arguments: '<key>',
  description: 'approve a proposed consumer (--reason required)',
})
export class ConsumersApproveCommand extends ConsumerActionCommand {
  protected readonly action = 'approve';
  protected readonly done = 'approved';

  constructor(service: ServiceContext) {
    super(service);
  }
}
