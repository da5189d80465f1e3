import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { UserGroupEntity } from './user-group.entity';
import { UserEntity } from './user.entity';

export interface NewUser {
  name: string;
  nameSkeleton: string;
  email: string;
  emailConfirmedAt: Date | null;
  passwordHash: string | null;
  realName: string;
  groups: string[];
}

/** The only code that touches the `users` and `user_groups` tables. */
@Injectable()
export class UserRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** Loads a user with its group memberships (expired ones included; callers filter by time). */
  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id }, relations: { memberships: true } });
  }

  findByName(name: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { name }, relations: { memberships: true } });
  }

  /** The account whose name looks like one with this skeleton (see `userNameSkeleton`), if any. */
  findByNameSkeleton(nameSkeleton: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { nameSkeleton } });
  }

  async namesOf(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.users.find({ where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** One page of accounts in the order they were created, after the id `afterId`, with their memberships. */
  list(limit: number, afterId?: number): Promise<UserEntity[]> {
    return this.users.find({
      where: afterId === undefined ? {} : { id: MoreThan(afterId) },
      relations: { memberships: true },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Ids of users with a current membership in any of `groups`. */
  async idsInGroups(groups: string[], now: Date): Promise<number[]> {
    if (groups.length === 0) {
      return [];
    }
    const rows = await this.dataSource
      .getRepository(UserGroupEntity)
      .find({ where: { group: In(groups) }, select: { userId: true, expiry: true } });
    return [...new Set(rows.filter((row) => !row.expiry || row.expiry > now).map((row) => row.userId))];
  }

  /** Inserts the user and its memberships in one transaction; the unique name and skeleton indexes refuse duplicates. */
  async create(user: NewUser, now: Date): Promise<UserEntity> {
    return this.transactions.run(async (manager) => {
      const saved = await manager.getRepository(UserEntity).save(
        manager.getRepository(UserEntity).create({
          name: user.name,
          nameSkeleton: user.nameSkeleton,
          email: user.email,
          emailConfirmedAt: user.emailConfirmedAt,
          passwordHash: user.passwordHash,
          realName: user.realName,
          registeredAt: now,
          blocked: false,
          locked: false,
        }),
      );
      if (user.groups.length > 0) {
        await manager
          .getRepository(UserGroupEntity)
          .insert(user.groups.map((group) => ({ userId: saved.id, group, expiry: null })));
      }
      saved.memberships = user.groups.map((group) =>
        Object.assign(new UserGroupEntity(), { userId: saved.id, group, expiry: null }),
      );
      return saved;
    });
  }

  /** Sets a new password hash, with whether it must be changed and since when sessions count when those change. */
  async setPassword(
    userId: number,
    change: Pick<UserEntity, 'passwordHash'> &
      Partial<Pick<UserEntity, 'passwordChangeRequired' | 'sessionsValidFrom'>>,
  ): Promise<void> {
    await this.users.update({ id: userId }, change);
  }

  async setPreferences(
    userId: number,
    preferences: Pick<UserEntity, 'language' | 'timeZone' | 'gender'>,
  ): Promise<void> {
    await this.users.update({ id: userId }, preferences);
  }

  /** Refreshes what an outside source says of the account (its name may have changed there). */
  async setProfile(
    userId: number,
    profile: Pick<UserEntity, 'name' | 'nameSkeleton' | 'email' | 'realName' | 'emailConfirmedAt'>,
  ): Promise<void> {
    await this.users.update({ id: userId }, profile);
  }

  async setBlocked(userId: number, blocked: boolean): Promise<void> {
    await this.users.update({ id: userId }, { blocked });
  }

  async setSessionsValidFrom(userId: number, moment: Date): Promise<void> {
    await this.users.update({ id: userId }, { sessionsValidFrom: moment });
  }

  /** Replaces the user's memberships with exactly `groups`, atomically. */
  async replaceGroups(userId: number, groups: string[]): Promise<void> {
    await this.transactions.run(async (manager) => {
      const memberships = manager.getRepository(UserGroupEntity);
      await memberships.delete({ userId });
      if (groups.length > 0) {
        await memberships.insert(groups.map((group) => ({ userId, group, expiry: null })));
      }
    });
  }
}
