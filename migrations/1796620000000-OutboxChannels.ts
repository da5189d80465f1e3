import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * The webhook outbox becomes the service's one durable delivery queue (DESIGN §12): each row names its channel
 * (`webhook`, the configured `NOTIFY_WEBHOOK_URL` in order; `oidc-backchannel-logout`, logout tokens to each app's
 * own receiver) and, outside `webhook`, its destination.
 */
export class OutboxChannels1796620000000 implements MigrationInterface {
  name = 'OutboxChannels1796620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('notification_outbox', [
      new TableColumn({ name: 'channel', type: 'varchar', length: '32', default: "'webhook'" }),
      new TableColumn({ name: 'destination', type: 'varchar', length: '2000', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'notification_outbox',
      new TableIndex({
        name: 'ix_notification_outbox_channel_due',
        columnNames: ['channel', 'delivered_at', 'next_attempt_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('notification_outbox', 'ix_notification_outbox_channel_due');
    await queryRunner.dropColumns('notification_outbox', ['destination', 'channel']);
  }
}
