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

export const LDAP_PROVIDER = 'ldap';
/** The source of the people of an upstream OpenID Provider, by its configured name. */
export const upstreamProvider = (name: string): string => `oidc:${name}`;

/**
 * Who vouches for a person: `issuer` is what their link is found by, with their `subject` (an upstream's `iss`, as
 * validated in its ID Token; OpenID Connect Core §2 makes `sub` unique only within it); `provider` only says, for
 * people to read, through which configured source the link was made.
 */
export interface LinkSource {
  provider: string;
  issuer: string;
}

/** The directory: one of it, with no issuer. */
export const DIRECTORY: LinkSource = { provider: LDAP_PROVIDER, issuer: '' };

/** A person as an outside source (the directory, an upstream OpenID Provider) vouches for them. */
export interface ExternalPerson {
  /** The source's stable id (entryUUID, objectGUID as hex, an OIDC `sub`). */
  subject: string;
  name: string;
  email: string;
  realName: string;
  /** Gatehouse groups, already mapped from the source's groups. */
  groups: string[];
}

/**
 * Gatehouse accounts of the people of outside sources (LDAP, upstream OpenID Providers): created at the first
 * sign-in and linked by the source's stable id, then refreshed (name, email, real name, mapped groups) at each
 * sign-in and sync. Never merged with a local account.
 */
@Injectable()
export class LinkedAccounts {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly users: UserRepository,
    private readonly links: ExternalIdentityRepository,
    private readonly identity: IdentityService,
    private readonly invalidations: InvalidationBus,
  ) {}

  /** The account of a person a source just vouched for, created and linked on their first sign-in. */
  async admit(source: LinkSource, person: ExternalPerson): Promise<UserProfile> {
    const link =
      (await this.links.findBySubject(source.issuer, person.subject)) ?? (await this.bindUnbound(source, person));
    const userId = link ? (await this.refresh(link, person), link.userId) : await this.create(source, person);
    return (await this.identity.findProfile(userId)) as UserProfile;
  }

  /**
   * An upstream link made before issuers were kept (migration 1796790000000) is bound to the issuer of the first
   * sign-in through its provider name afterwards, and the binding is audited. Refusing such links until an admin
   * re-links each one would lock every upstream person out at the upgrade; binding is safe because the upgrade
   * changes no configuration, so the name still points at the issuer the link was made under. The one unsafe case is
   * an operator pointing a name at another issuer before all its people signed in again: docs/operations.md says to
   * unlink the old links first, and the audit line names each binding.
   */
  private async bindUnbound(source: LinkSource, person: ExternalPerson): Promise<ExternalIdentityEntity | null> {
    const link = source.issuer === '' ? null : await this.links.findUnbound(source.provider, person.subject);
    if (!link) {
      return null;
    }
    if (!(await this.links.bind(link.id, source.issuer))) {
      // Bound meanwhile by a concurrent sign-in: to this issuer, or it is not this person's link.
      return this.links.findBySubject(source.issuer, person.subject);
    }
    this.audit.log(
      { action: 'bind-issuer', userId: link.userId, provider: source.provider, issuer: source.issuer },
      'link made before issuers were kept bound to its issuer',
    );
    return { ...link, issuer: source.issuer };
  }

  /** Brings a linked account in line with its entry; answers whether anything changed. */
  async refresh(link: ExternalIdentityEntity, person: ExternalPerson): Promise<boolean> {
    const user = await this.users.findById(link.userId);
    if (!user) {
      return false;
    }
    const name = await this.usableName(link.provider, person, user.id);
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

  private async create(source: LinkSource, person: ExternalPerson): Promise<number> {
    const { provider, issuer } = source;
    const name = await this.usableName(provider, person);
    const now = new Date();
    const groups = this.knownGroups(person.groups);
    try {
      const user = await this.users.create(
        {
          name,
          nameSkeleton: userNameSkeleton(name),
          email: person.email,
          emailConfirmedAt: person.email ? now : null,
          // People of an outside source have no local password: theirs stays with the source.
          passwordHash: null,
          realName: person.realName,
          groups,
        },
        now,
      );
      await this.links.create(
        { userId: user.id, provider, issuer, subject: person.subject, syncedGroups: groups },
        now,
      );
      this.audit.log(
        { action: 'link', userId: user.id, provider, issuer, subject: person.subject },
        'linked account created',
      );
      return user.id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw clash(name, provider);
      }
      throw error;
    }
  }

  /**
   * The person's name as a Gatehouse name, refused when another account has it or looks like it: an account is
   * never taken over because its name matches an outside person (an admin decides: rename or remove one of them).
   */
  private async usableName(provider: string, person: ExternalPerson, ownId?: number): Promise<string> {
    const problem = userNameProblem(person.name);
    if (problem) {
      throw new IdentityException(
        IdentityErrorCode.InvalidUserName,
        `The name ${person.name} from ${sourceName(provider)} is not usable here: ${problem}`,
      );
    }
    const name = canonicalUserName(person.name);
    const taken = (await this.users.findByName(name)) ?? (await this.users.findByNameSkeleton(userNameSkeleton(name)));
    if (taken && taken.id !== ownId) {
      throw clash(name, provider);
    }
    return name;
  }

  /** Mapped groups that Gatehouse knows; a map naming an unknown group gives nothing rather than failing sign-in. */
  private knownGroups(groups: string[]): string[] {
    const known = new Set(this.identity.groups().map((group) => group.name));
    return groups.filter((group) => known.has(group));
  }

  /** The groups set by hand (not given by the source last time) plus today's mapped groups; undefined if unchanged. */
  private groupsAfterSync(user: UserEntity, previous: string[], mapped: string[]): string[] | undefined {
    const current = (user.memberships ?? []).map((membership) => membership.group);
    const byHand = current.filter((group) => !previous.includes(group));
    const next = [...new Set([...byHand, ...mapped])].sort();
    return next.join() === [...current].sort().join() ? undefined : next;
  }
}

function sourceName(provider: string): string {
  return provider === LDAP_PROVIDER ? 'the directory' : `the sign-in provider ${provider.replace(/^oidc:/, '')}`;
}

function clash(name: string, provider: string): IdentityException {
  return new IdentityException(
    IdentityErrorCode.DirectoryNameClash,
    `The account ${name} from ${sourceName(provider)} has the same name as an existing local account, ` +
      'which is never merged with it. ' +
      'An administrator must rename or remove the local account first.',
  );
}
