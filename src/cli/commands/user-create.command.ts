import { Command, CommandRunner, Option } from 'nest-commander';
import { IdentityService } from '../../identity/identity.service';
import { CommandError } from '../command-error';
import { groupList, readStdin } from '../input';
import { ServiceContext } from '../service-context';

interface UserCreateOptions {
  email: string;
  realName?: string;
  groups?: string;
  passwordStdin?: boolean;
}

@Command({
  name: 'user:create',
  arguments: '<name>',
  description: 'create an account; the password is the first line of standard input',
})
export class UserCreateCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([name]: string[], options: UserCreateOptions): Promise<void> {
    if (!options.passwordStdin) {
      throw new CommandError('user:create needs --password-stdin: the password comes on standard input, never argv');
    }
    const password = (await readStdin()).split(/\r?\n/)[0];
    const identity = await this.service.get(IdentityService);
    const user = await identity.register({
      name,
      password,
      email: options.email,
      realName: options.realName,
      groups: groupList(options.groups ?? ''),
    });
    console.log(`created ${user.name} (id ${user.id}) in groups: ${user.groups.join(', ') || '(none)'}`);
  }

  @Option({ flags: '--email <address>', description: 'the account e-mail address', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--real-name <text>', description: 'the real name shown to apps' })
  parseRealName(value: string): string {
    return value;
  }

  @Option({ flags: '--groups <a,b>', description: 'comma-separated groups' })
  parseGroups(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: 'read the password from standard input (required)' })
  parsePasswordStdin(): boolean {
    return true;
  }
}
