import type { IdentityService } from '../../identity/identity.service';
import type { UserProfile } from '../../identity/user-profile';
import { CommandError } from '../command-error';

/** The account a users:* command acts on, by name as people write it (any case of the first letter, `_` for space). */
export async function userNamed(identity: IdentityService, name: string): Promise<UserProfile> {
  const user = await identity.findProfileByName(name);
  if (!user) {
    throw new CommandError(`There is no user named ${name}`);
  }
  return user;
}
