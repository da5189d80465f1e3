import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** Membership of a user in a group; an expiry in the past means the membership no longer counts. */
@Entity('user_groups')
export class UserGroupEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @PrimaryColumn({ name: 'group_name', type: 'varchar', length: 64 })
  group!: string;

  @Column({ type: 'datetime', nullable: true })
  expiry!: Date | null;

  @ManyToOne(() => UserEntity, (user) => user.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: UserEntity;
}
