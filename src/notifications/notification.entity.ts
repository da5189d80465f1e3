import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One inbox entry (`notifications`): what happened to which consumer, for one recipient. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'consumer_id', type: 'integer', nullable: true })
  consumerId!: number | null;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  /** JSON `NotificationPayload`: names are copied at event time, so the entry reads the same later. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'datetime', nullable: true })
  readAt!: Date | null;
}
