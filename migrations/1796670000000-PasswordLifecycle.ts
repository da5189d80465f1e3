import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Password changes (issue 15): whether the account must choose a new password at its next sign-in (an admin reset),
 * and since when its sessions count: a change of password ends every session signed in before it. Existing accounts
 * need no change and keep their sessions.
 */
const COLUMNS = [
  new TableColumn({ name: 'password_change_required', type: 'boolean', default: false }),
  // Milliseconds: a session signed in a moment before the change must end, one a moment after must not.
  new TableColumn({ name: 'sessions_valid_from', type: 'datetime', precision: 3, isNullable: true }),
];

export class PasswordLifecycle1796670000000 implements MigrationInterface {
  name = 'PasswordLifecycle1796670000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', COLUMNS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('users', COLUMNS);
  }
}
