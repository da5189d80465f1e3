import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * A counter bumped by every change of a consumer: the optimistic-concurrency guard of its updates and the
 * source of its ETag, so concurrent edits with the same If-Match cannot both win.
 */
export class ConsumerChangeCounter1795610000000 implements MigrationInterface {
  name = 'ConsumerChangeCounter1795610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'oauth_registered_consumer',
      new TableColumn({ name: 'change_counter', type: 'integer', default: 0 }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('oauth_registered_consumer', 'change_counter');
  }
}
