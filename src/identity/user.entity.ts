import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { UserGroupEntity } from './user-group.entity';

/** An account; its id is the central user id every other table refers to. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /**
   * `userNameSkeleton(name)`, unique: no two accounts look alike. Null only for accounts that already looked like an
   * older one when the column was added.
   */
  @Column({ name: 'name_skeleton', type: 'varchar', length: 64, nullable: true })
  nameSkeleton!: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  email!: string;

  @Column({ name: 'email_confirmed_at', type: 'datetime', nullable: true })
  emailConfirmedAt!: Date | null;

  /** `null` for accounts that cannot sign in with a password (system accounts). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'real_name', type: 'varchar', length: 255, default: '' })
  realName!: string;

  @Column({ name: 'registered_at', type: 'datetime' })
  registeredAt!: Date;

  @Column({ type: 'boolean', default: false })
  blocked!: boolean;

  /** Locked accounts cannot sign in at all, and their sessions stop working. */
  @Column({ type: 'boolean', default: false })
  locked!: boolean;

  /** An admin reset the password: the account must choose a new one before it does anything else. */
  @Column({ name: 'password_change_required', type: 'boolean', default: false })
  passwordChangeRequired!: boolean;

  /** Sessions signed in before this moment no longer count (set when the password changes); null for all count. */
  @Column({ name: 'sessions_valid_from', type: 'datetime', precision: 3, nullable: true })
  sessionsValidFrom!: Date | null;

  /** The language the person chose for the pages (`en`, `ja`, `he`); null: negotiate it per request. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language!: string | null;

  /** An IANA time zone name for dates on the pages; null: UTC. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, nullable: true })
  timeZone!: string | null;

  /** MediaWiki's gender preference, for messages that inflect: `unknown`, `female` or `male`. */
  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  gender!: string;

  @OneToMany(() => UserGroupEntity, (membership) => membership.user, { cascade: true })
  memberships!: UserGroupEntity[];
}
