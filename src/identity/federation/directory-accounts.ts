import { Injectable, Logger } from '@nestjs/common';
import { InvalidationBus } from '../../cache/invalidation-bus';
import { isUniqueViolation } from '../../database/unique-violation';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { IdentityService } from '../identity.service';
import type { UserEntity } from '../user.entity';
import { canonicalUserName, userNameProblem } from '../user-name';
import { userNameSkeleton } from '../user-name-skeleton';
import type { UserProfile } from '../user-profile';
import { UserRepository } from '../user.repository';
import type { ExternalIdentityEntity } from './external-identity.entity';
import { ExternalIdentityRepository } from './external-identity.repository';
import type { DirectoryPerson } from './ldap-directory';

export const LDAP_PROVIDER = 'ldap';

/**
 * Gatehouse accounts of directory people: created at the first sign-in and linked by the entry's stable id, then
 * refreshed (name, email, real name, mapped groups) at each sign-in and sync. Never merged with a local account.
 */
@Injectable()
export class DirectoryAccounts {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly users: UserRepository,
    private readonly links: ExternalIdentityRepository,
    private readonly identity: IdentityService,
    private readonly invalidations: InvalidationBus,
  ) {}

  /** The account of a person the directory just vouched for, created and linked on their first sign-in. */
  async admit(person: DirectoryPerson): Promise<UserProfile> {
    const link = await this.links.findBySubject(LDAP_PROVIDER, person.subject);
    const userId = link ? (await this.refresh(link, person), link.userId) : await this.create(person);
    return (await this.identity.findProfile(userId)) as UserProfile;
  }

  /** Brings a linked account in line with its entry; answers whether anything changed. */
  async refresh(link: ExternalIdentityEntity, person: DirectoryPerson): Promise<boolean> {
    const user = await this.users.findById(link.userId);
    if (!user) {
      return false;
    }
    const name = await this.usableName(person, user.id);
    const now = new Date();
    const profileChanged = user.name !== name || user.email !== person.email || user.realName !== person.realName;
    if (profileChanged) {
      await this.users.setProfile(user.id, {
        name,
        nameSkeleton: userNameSkeleton(name),
        email: person.email,
        realName: person.realName,
        emailConfirmedAt: user.emailConfirmedAt ?? now,
      });
    }
    const groups = this.groupsAfterSync(user, link.syncedGroups, this.knownGroups(person.groups));
    const groupsChanged = groups !== undefined;
    if (groups) {
      await this.users.replaceGroups(user.id, groups);
    }
    await this.links.synced(link.id, this.knownGroups(person.groups), now);
    if (profileChanged || groupsChanged) {
      // Names, emails and rights are in cached token answers on every instance.
      await this.invalidations.publish({ userId: user.id });
    }
    return profileChanged || groupsChanged;
  }

  private async create(person: DirectoryPerson): Promise<number> {
    const name = await this.usableName(person);
    const now = new Date();
    const groups = this.knownGroups(person.groups);
    try {
      const user = await this.users.create(
        {
          name,
          nameSkeleton: userNameSkeleton(name),
          email: person.email,
          emailConfirmedAt: person.email ? now : null,
          // Directory people have no local password: theirs stays in the directory.
          passwordHash: null,
          realName: person.realName,
          groups,
        },
        now,
      );
      await this.links.create(
        { userId: user.id, provider: LDAP_PROVIDER, subject: person.subject, syncedGroups: groups },
        now,
      );
      this.audit.log(
        { action: 'link', userId: user.id, provider: LDAP_PROVIDER, subject: person.subject },
        'directory account created',
      );
      return user.id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw clash(name);
      }
      throw error;
    }
  }

  /**
   * The person's name as a Gatehouse name, refused when another account has it or looks like it: an account is
   * never taken over because its name matches a directory entry (an admin decides: rename or remove one of them).
   */
  private async usableName(person: DirectoryPerson, ownId?: number): Promise<string> {
    const problem = userNameProblem(person.name);
    if (problem) {
      throw new IdentityException(
        IdentityErrorCode.InvalidUserName,
        `The directory name ${person.name} is not usable here: ${problem}`,
      );
    }
    const name = canonicalUserName(person.name);
    const taken = (await this.users.findByName(name)) ?? (await this.users.findByNameSkeleton(userNameSkeleton(name)));
    if (taken && taken.id !== ownId) {
      throw clash(name);
    }
    return name;
  }

  /** Mapped groups that Gatehouse knows; a map naming an unknown group gives nothing rather than failing sign-in. */
  private knownGroups(groups: string[]): string[] {
    const known = new Set(this.identity.groups().map((group) => group.name));
    return groups.filter((group) => known.has(group));
  }

  /** The groups set by hand (not given by the directory last time) plus today's mapped groups; undefined if unchanged. */
  private groupsAfterSync(user: UserEntity, previous: string[], mapped: string[]): string[] | undefined {
    const current = (user.memberships ?? []).map((membership) => membership.group);
    const byHand = current.filter((group) => !previous.includes(group));
    const next = [...new Set([...byHand, ...mapped])].sort();
    return next.join() === [...current].sort().join() ? undefined : next;
  }
}

function clash(name: string): IdentityException {
  return new IdentityException(
    IdentityErrorCode.DirectoryNameClash,
    `The directory account ${name} has the same name as an existing local account, which is never merged with it. ` +
      'An administrator must rename or remove the local account first.',
  );
}
