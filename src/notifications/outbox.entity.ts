import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One delivery waiting, retrying or done (`notification_outbox`): a webhook of a notification, or a message of
 * another module's channel (`OutboxChannels`) to its own destination.
 */
@Entity('notification_outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** `webhook` (`NOTIFY_WEBHOOK_URL`, delivered in order) or a channel another module registered. */
  @Column({ type: 'varchar', length: 32, default: 'webhook' })
  channel!: string;

  /** Where a channel's row goes; null for `webhook`, whose target is configuration. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  destination!: string | null;

  @Column({ name: 'notification_id', type: 'integer', nullable: true })
  notificationId!: number | null;

  /** The notification type, sent as `X-Gatehouse-Event`. */
  @Column({ type: 'varchar', length: 64 })
  event!: string;

  /** The exact JSON body to POST (and sign). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the row is due; while a dispatcher holds it, the end of its lease. */
  @Column({ name: 'next_attempt_at', type: 'datetime' })
  nextAttemptAt!: Date;

  @Column({ name: 'delivered_at', type: 'datetime', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
