import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Second factors (issue 15): a user's TOTP secret (RFC 6238), sealed with the server key, confirmed once the person
 * typed a first code; and their one-time recovery codes, kept only as keyed hashes.
 */
export class SecondFactors1796680000000 implements MigrationInterface {
  name = 'SecondFactors1796680000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'user_totp',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'secret', type: 'varchar', length: '255' },
          { name: 'confirmed_at', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_recovery_codes',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'code_hash', type: 'varchar', length: '64' },
          { name: 'used_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'user_recovery_codes',
      new TableIndex({
        name: 'IDX_user_recovery_codes_user_code',
        columnNames: ['user_id', 'code_hash'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_recovery_codes');
    await queryRunner.dropTable('user_totp');
  }
}
