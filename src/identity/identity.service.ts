import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import type { AuthContext } from '../common/auth/auth-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUniqueViolation } from '../database/unique-violation';
import { GroupRights } from './group-rights';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { PasswordHasher } from './password-hasher';
import { passwordProblem } from './password-policy';
import type { UserEntity } from './user.entity';
import { canonicalUserName, userNameProblem } from './user-name';
import { userNameSkeleton } from './user-name-skeleton';
import { preferencesOf } from './preferences/user-preferences';
import type { UserProfile } from './user-profile';
import { UserRepository } from './user.repository';

export interface NewAccount {
  name: string;
  password: string;
  email: string;
  realName?: string;
  groups?: string[];
  emailConfirmed?: boolean;
}

/** Accounts, their groups and rights, and password sign-in. */
@Injectable()
export class IdentityService {
  private readonly groupRights: GroupRights;
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly invalidations: InvalidationBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.groupRights = new GroupRights(config.identity.groupPermissions);
  }

  /**
   * Creates an account under the canonical form of its name (MediaWiki's rules, NFC), refusing names that hide
   * characters and names that are taken or look like a taken one (UTS #39 skeletons, as MediaWiki's AntiSpoof).
   * The unique name and skeleton indexes settle concurrent registrations.
   */
  async register(account: NewAccount): Promise<UserProfile> {
    const problem = userNameProblem(account.name);
    if (problem) {
      throw new IdentityException(IdentityErrorCode.InvalidUserName, problem);
    }
    const name = canonicalUserName(account.name);
    const nameSkeleton = userNameSkeleton(name);
    await this.checkPassword(account.password, name);
    const groups = this.checkGroups(account.groups ?? []);
    await this.refuseTakenName(name, nameSkeleton);
    const now = new Date();
    try {
      const user = await this.users.create(
        {
          name,
          nameSkeleton,
          email: account.email,
          emailConfirmedAt: account.emailConfirmed === false ? null : now,
          passwordHash: await this.hasher.hash(account.password),
          realName: account.realName ?? '',
          groups,
        },
        now,
      );
      return this.toProfile(user);
    } catch (error) {
      if (isUniqueViolation(error)) {
        // A concurrent registration took this name or a look-alike: say which.
        await this.refuseTakenName(name, nameSkeleton);
        throw new IdentityException(IdentityErrorCode.UserExists, `A user named ${name} already exists`);
      }
      throw error;
    }
  }

  /**
   * The account that acts for the software itself, as MediaWiki's system users (`User::newSystemUser`, e.g.
   * "Maintenance script"): made on first use, with no password and no groups, so nobody signs in as it. A person's
   * account that already bears the name is never taken over.
   */
  async systemAccount(name: string): Promise<UserProfile> {
    const canonical = canonicalUserName(name);
    let user = await this.users.findByName(canonical);
    if (!user) {
      try {
        user = await this.users.create(
          {
            name: canonical,
            nameSkeleton: userNameSkeleton(canonical),
            email: '',
            emailConfirmedAt: null,
            passwordHash: null,
            realName: '',
            groups: [],
          },
          new Date(),
        );
      } catch (error) {
        // Another command made it first.
        user = isUniqueViolation(error) ? await this.users.findByName(canonical) : null;
        if (!user) {
          throw error;
        }
      }
    }
    if (user.passwordHash !== null) {
      throw new IdentityException(
        IdentityErrorCode.UserExists,
        `${canonical} is a person's account (it has a password); rename it before running commands that act`,
      );
    }
    return this.toProfile(user);
  }

  async setGroups(userId: number, groups: string[]): Promise<UserProfile> {
    const wanted = this.checkGroups(groups);
    if (!(await this.users.findById(userId))) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user with id ${userId}`);
    }
    await this.users.replaceGroups(userId, wanted);
    // Rights follow groups: whatever an instance cached about this user's tokens is stale now.
    await this.invalidations.publish({ userId });
    return this.toProfile((await this.users.findById(userId)) as UserEntity);
  }

  async setGroupsByName(name: string, groups: string[]): Promise<UserProfile> {
    const user = await this.users.findByName(canonicalUserName(name));
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user named ${canonicalUserName(name)}`);
    }
    return this.setGroups(user.id, groups);
  }

  /** The account behind a name and password; one answer for every failure, so nothing is learnt from it. */
  async verifyPassword(name: string, password: string): Promise<UserProfile> {
    const user = await this.users.findByName(canonicalUserName(name));
    const valid = user?.passwordHash
      ? await this.hasher.verify(password, user.passwordHash)
      : await this.hasher.verifyNothing(password);
    if (!user || !valid || user.locked) {
      throw new IdentityException(IdentityErrorCode.InvalidCredentials, 'Incorrect user name or password');
    }
    if (!this.hasher.isCurrent(user.passwordHash as string)) {
      // The password is at hand only now: hashes made with older parameters are made again with today's.
      await this.users.setPassword(user.id, { passwordHash: await this.hasher.hash(password) });
    }
    return this.toProfile(user);
  }

  /**
   * The account's own change of password (MediaWiki's Special:ChangeCredentials): the current password proves the
   * person, the new one meets the policy, and every session signed in before now stops counting (the caller's own is
   * replaced by `LoginService`).
   */
  async changePassword(userId: number, current: string, next: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user?.passwordHash || !(await this.hasher.verify(current, user.passwordHash))) {
      throw new IdentityException(IdentityErrorCode.InvalidCredentials, 'The current password is incorrect');
    }
    await this.checkPassword(next, user.name);
    if (await this.hasher.verify(next, user.passwordHash)) {
      throw new IdentityException(IdentityErrorCode.WeakPassword, 'The new password must differ from the current one');
    }
    await this.users.setPassword(userId, {
      passwordHash: await this.hasher.hash(next),
      passwordChangeRequired: false,
      sessionsValidFrom: new Date(),
    });
    await this.invalidations.publish({ userId });
  }

  /**
   * Blocks or unblocks an account (MediaWiki's block, sitewide): a blocked account keeps its sessions, so pages can
   * say why they refuse, but acts nowhere, and its OAuth tokens stop at once on every instance (`checkCredentialMay`,
   * the token verifier, the gateway).
   */
  async setBlocked(actorId: number, userId: number, blocked: boolean, reason: string): Promise<UserProfile> {
    if (!(await this.users.findById(userId))) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user with id ${userId}`);
    }
    await this.users.setBlocked(userId, blocked);
    await this.invalidations.publish({ userId });
    this.audit.log(
      { action: blocked ? 'block' : 'unblock', actorId, userId, reason },
      blocked ? 'user blocked' : 'user unblocked',
    );
    return this.toProfile((await this.users.findById(userId)) as UserEntity);
  }

  /** Sessions of the user made before `moment` stop counting, including those too old to be listed. */
  async endSessionsBefore(userId: number, moment: Date): Promise<void> {
    await this.users.setSessionsValidFrom(userId, moment);
  }

  /**
   * An admin's reset: a temporary password the person must replace at their next sign-in; every session of the
   * account ends at once.
   */
  async resetPassword(actorId: number, userId: number, temporary: string): Promise<UserProfile> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user with id ${userId}`);
    }
    await this.checkPassword(temporary, user.name);
    await this.users.setPassword(userId, {
      passwordHash: await this.hasher.hash(temporary),
      passwordChangeRequired: true,
      sessionsValidFrom: new Date(),
    });
    await this.invalidations.publish({ userId });
    this.audit.log({ action: 'reset-password', actorId, userId }, 'password reset by an admin; every session ended');
    return this.toProfile((await this.users.findById(userId)) as UserEntity);
  }

  async findProfile(userId: number): Promise<UserProfile | undefined> {
    const user = await this.users.findById(userId);
    return user ? this.toProfile(user) : undefined;
  }

  /** The caller's account with the rights in force for this request (narrowed by grants for OAuth callers). */
  async callerProfile(auth: AuthContext): Promise<UserProfile> {
    const user = await this.findProfile(auth.userId);
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, 'The signed-in account no longer exists');
    }
    return { ...user, rights: [...auth.rights].sort() };
  }

  async findProfileByName(name: string): Promise<UserProfile | undefined> {
    const user = await this.users.findByName(canonicalUserName(name));
    return user ? this.toProfile(user) : undefined;
  }

  /** User names by id, for showing actors and owners in lists; unknown ids are left out. */
  async namesOf(ids: number[]): Promise<Map<number, string>> {
    return this.users.namesOf([...new Set(ids)]);
  }

  /** A page of accounts, oldest first, for user administration; `nextCursor` is absent on the last page. */
  async listUsers(query: { limit: number; cursor?: number }): Promise<{ users: UserProfile[]; nextCursor?: string }> {
    const rows = await this.users.list(query.limit, query.cursor);
    const last = rows.at(-1);
    return {
      users: rows.map((row) => this.toProfile(row)),
      nextCursor: rows.length >= query.limit && last ? String(last.id) : undefined,
    };
  }

  async userCount(): Promise<number> {
    return this.users.count();
  }

  /** Ids of the current members of `groups` (e.g. the groups to notify of a new proposal). */
  async memberIds(groups: string[]): Promise<number[]> {
    return this.users.idsInGroups(groups, new Date());
  }

  /** Every group with its own rights, the implicit `user` group first. */
  groups(): { name: string; rights: string[] }[] {
    return ['user', ...this.groupRights.assignableGroups()].map((name) => ({
      name,
      rights: this.groupRights.rightsOfGroup(name),
    }));
  }

  /**
   * Refuses a name that is taken, or one that looks like the name of an existing account, naming that account as
   * MediaWiki's AntiSpoof does for the admins who create accounts. The database may match names regardless of case
   * or accents (MariaDB's collation): such a match is a look-alike, not the same name.
   */
  private async refuseTakenName(name: string, nameSkeleton: string): Promise<void> {
    const taken = await this.users.findByName(name);
    if (taken?.name === name) {
      throw new IdentityException(IdentityErrorCode.UserExists, `A user named ${name} already exists`);
    }
    const lookalike = taken ?? (await this.users.findByNameSkeleton(nameSkeleton));
    if (lookalike) {
      throw new IdentityException(
        IdentityErrorCode.UserNameConfusable,
        `The name ${name} looks too much like the existing account ${lookalike.name}`,
      );
    }
  }

  private checkGroups(groups: string[]): string[] {
    const assignable = new Set(this.groupRights.assignableGroups());
    const unknown = groups.filter((group) => !assignable.has(group));
    if (unknown.length > 0) {
      throw new IdentityException(
        IdentityErrorCode.UnknownGroup,
        `Unknown group ${unknown.join(', ')}; groups are: ${[...assignable].join(', ')}`,
      );
    }
    return [...new Set(groups)];
  }

  private async checkPassword(password: string, userName: string): Promise<void> {
    const problem = await passwordProblem(password, userName, this.config.identity.passwordMinLength);
    if (problem) {
      throw new IdentityException(IdentityErrorCode.WeakPassword, problem);
    }
  }

  private toProfile(user: UserEntity): UserProfile {
    const now = new Date();
    const groups = (user.memberships ?? [])
      .filter((membership) => !membership.expiry || membership.expiry > now)
      .map((membership) => membership.group)
      .sort();
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      emailConfirmed: user.emailConfirmedAt !== null,
      realName: user.realName,
      groups,
      rights: [...this.groupRights.rightsOf(groups)].sort(),
      registeredAt: user.registeredAt,
      blocked: user.blocked,
      locked: user.locked,
      passwordChangeRequired: user.passwordChangeRequired,
      sessionsValidFrom: user.sessionsValidFrom,
      preferences: preferencesOf(user),
    };
  }
}
