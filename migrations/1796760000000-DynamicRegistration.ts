import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Dynamic client registration (RFC 7591, RFC 7592; issue 23 item 3): for each client registered at the endpoint,
 * how it came (open, under review, or with an initial access token) and the hash of its registration access token;
 * and the initial access tokens admins issue, hashed, with the grants each carries. The consumer itself is an
 * ordinary `oauth_registered_consumer` row.
 */
export class DynamicRegistration1796760000000 implements MigrationInterface {
  name = 'DynamicRegistration1796760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_dynamic_clients',
        columns: [
          { name: 'consumer_id', type: 'integer', isPrimary: true },
          { name: 'origin', type: 'varchar', length: '16' },
          { name: 'registration_token_hash', type: 'varchar', length: '64' },
          { name: 'initial_token_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_initial_access_tokens',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'grants', type: 'text' },
          { name: 'note', type: 'varchar', length: '255' },
          { name: 'created_by', type: 'varchar', length: '255' },
          { name: 'created_at', type: 'datetime' },
          { name: 'expires_at', type: 'datetime' },
          { name: 'used_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'oauth2_initial_access_tokens',
      new TableIndex({ name: 'IDX_oauth2_initial_access_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth2_initial_access_tokens');
    await queryRunner.dropTable('oauth2_dynamic_clients');
  }
}
