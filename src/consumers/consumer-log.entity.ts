import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One audit entry (`oauth_log`): who did what to which consumer, and why. */
@Entity('oauth_log')
export class ConsumerLogEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'datetime' })
  timestamp!: Date;

  @Column({ name: 'actor_id', type: 'integer' })
  actorId!: number;

  @Column({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'text' })
  comment!: string;

  /** Entries written while suppressing, shown only to holders of `mwoauthviewsuppressed`. */
  @Column({ type: 'boolean', default: false })
  deleted!: boolean;
}
