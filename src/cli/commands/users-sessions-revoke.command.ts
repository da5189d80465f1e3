import { Command, CommandRunner } from 'nest-commander';
import { AccountSessions } from '../../identity/account-sessions.service';
import { IdentityService } from '../../identity/identity.service';
import { ServiceContext } from '../service-context';
import { userNamed } from './user-target';

/**
 * As `POST /api/admin/users/:id/sessions/end`: every sign-in session of the account ends, those too old to be listed
 * included, each announced to the apps that asked (OpenID Connect back-channel logout), audited with the operator as
 * actor. OAuth tokens are not sessions: `tokens:revoke --user` takes those.
 */
@Command({ name: 'users:sessions:revoke', arguments: '<name>', description: 'end every sign-in session of an account' })
export class UsersSessionsRevokeCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    const identity = await this.service.get(IdentityService);
    const user = await userNamed(identity, name);
    const operator = await this.service.operator();
    const ended = await (await this.service.get(AccountSessions)).endAll(operator.userId, user.id);
    this.service.noteReach();
    console.log(`ended every session of ${user.name} (${ended} listed)`);
  }
}
