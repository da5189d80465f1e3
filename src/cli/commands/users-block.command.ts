import { Command, CommandRunner, Option } from 'nest-commander';
import { IdentityService } from '../../identity/identity.service';
import { reason } from '../input';
import { ServiceContext } from '../service-context';
import type { ReasonOptions } from './consumer-action';
import { userNamed } from './user-target';

/**
 * As `PUT /api/admin/users/:id/block` with `blocked: true`: the account can no longer sign in or act, and its OAuth
 * tokens stop at once on every instance (the invalidation bus); the block is audited with the operator as actor.
 */
@Command({ name: 'users:block', arguments: '<name>', description: 'block an account (--reason required)' })
export class UsersBlockCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([name]: string[], options: ReasonOptions): Promise<void> {
    const why = reason(options.reason);
    const identity = await this.service.get(IdentityService);
    const user = await userNamed(identity, name);
    const operator = await this.service.operator();
    await identity.setBlocked(operator.userId, user.id, true, why);
    this.service.noteReach();
    console.log(`blocked ${user.name}`);
  }

  @Option({ flags: '--reason <text>', description: 'why: goes into the audit log', required: true })
  parseReason(value: string): string {
    return value;
  }
}
