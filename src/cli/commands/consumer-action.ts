import { CommandRunner, Option } from 'nest-commander';
import { ConsumerLifecycleService } from '../../consumers/consumer-lifecycle.service';
import type { AdminAction } from '../../consumers/consumer-transitions';
import { reason } from '../input';
import type { ServiceContext } from '../service-context';

export interface ReasonOptions {
  reason: string;
}

/**
 * A manager's stage change, made through the same lifecycle service as the management pages and the admin API, so
 * it is checked, logged in the audit log and notified exactly as theirs are; the actor is the operator (`operator.ts`).
 */
export abstract class ConsumerActionCommand extends CommandRunner {
  protected abstract readonly action: AdminAction;
  /** What the answer says happened, e.g. "approved". */
  protected abstract readonly done: string;

  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([key]: string[], options: ReasonOptions): Promise<void> {
    const comment = reason(options.reason);
    const lifecycle = await this.service.get(ConsumerLifecycleService);
    const operator = await this.service.operator();
    const consumer = await lifecycle.act(operator, key, this.action, comment, false);
    this.service.noteReach();
    console.log(`${this.done} ${consumer.key} (${consumer.name} ${consumer.version})`);
  }

  @Option({
    flags: '--reason <text>',
    description: 'why: goes into the audit log and the notifications',
    required: true,
  })
  parseReason(value: string): string {
    return value;
  }
}
