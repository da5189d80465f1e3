import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * OAuth 2 / OpenID Connect signing keys in the database (issue 20): keys made by rotation, their private half sealed
 * with the server key, when each starts signing and when it was retired; and the audit trail of those changes.
 */
export class SigningKeys1796710000000 implements MigrationInterface {
  name = 'SigningKeys1796710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_signing_keys',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'kid', type: 'varchar', length: '64' },
          { name: 'alg', type: 'varchar', length: '8' },
          { name: 'private_key', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'activates_at', type: 'datetime' },
          { name: 'retired_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'oauth2_signing_keys',
      new TableIndex({ name: 'IDX_oauth2_signing_keys_kid', columnNames: ['kid'], isUnique: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_signing_key_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'timestamp', type: 'datetime' },
          { name: 'kid', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'actor', type: 'varchar', length: '255' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth2_signing_key_log');
    await queryRunner.dropTable('oauth2_signing_keys');
  }
}
