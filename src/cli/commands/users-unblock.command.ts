import { Command, CommandRunner, Option } from 'nest-commander';
import { IdentityService } from '../../identity/identity.service';
import { ServiceContext } from '../service-context';
import { userNamed } from './user-target';

interface UnblockOptions {
  reason?: string;
}

/** As `PUT /api/admin/users/:id/block` with `blocked: false`, audited with the operator as actor. */
@Command({ name: 'users:unblock', arguments: '<name>', description: 'lift the block of an account' })
export class UsersUnblockCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([name]: string[], options: UnblockOptions): Promise<void> {
    const identity = await this.service.get(IdentityService);
    const user = await userNamed(identity, name);
    const operator = await this.service.operator();
    await identity.setBlocked(operator.userId, user.id, false, options.reason?.trim() ?? '');
    this.service.noteReach();
    console.log(`unblocked ${user.name}`);
  }

  @Option({ flags: '--reason <text>', description: 'why, for the audit log' })
  parseReason(value: string): string {
    return value;
  }
}
