import { Command, CommandRunner } from 'nest-commander';
import { IdentityService } from '../../identity/identity.service';
import { groupList } from '../input';
import { ServiceContext } from '../service-context';

@Command({
  name: 'user:groups',
  arguments: '<name> <groups>',
  description: 'set an account\'s groups exactly (comma-separated; pass "" for none)',
})
export class UserGroupsCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([name, groups]: string[]): Promise<void> {
    const identity = await this.service.get(IdentityService);
    const user = await identity.setGroupsByName(name, groupList(groups));
    console.log(`${user.name} is now in groups: ${user.groups.join(', ') || '(none)'}`);
  }
}
