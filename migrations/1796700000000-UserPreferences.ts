import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * User preferences (issue 16), MediaWiki's `language`, `timecorrection` and `gender` options: null language and time
 * zone mean "not chosen" (negotiate; UTC), gender starts unknown. Existing accounts need no change.
 */
const COLUMNS = [
  new TableColumn({ name: 'language', type: 'varchar', length: '16', isNullable: true }),
  // IANA names are at most about 30 characters (America/Argentina/ComodRivadavia).
  new TableColumn({ name: 'time_zone', type: 'varchar', length: '64', isNullable: true }),
  new TableColumn({ name: 'gender', type: 'varchar', length: '16', default: "'unknown'" }),
];

export class UserPreferences1796700000000 implements MigrationInterface {
  name = 'UserPreferences1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', COLUMNS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('users', COLUMNS);
  }
}
