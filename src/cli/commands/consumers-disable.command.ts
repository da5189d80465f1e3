import { Command } from 'nest-commander';
import { ServiceContext } from '../service-context';
import { ConsumerActionCommand } from './consumer-action';

@Command({
  name: 'consumers:disable',
  arguments: '<key>',
  description: 'disable an approved consumer: its tokens stop working (--reason required)',
})
export class ConsumersDisableCommand extends ConsumerActionCommand {
  protected readonly action = 'disable';
  protected readonly done = 'disabled';

  constructor(service: ServiceContext) {
    super(service);
  }
}
