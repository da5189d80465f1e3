import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Drops `oauth2_refresh_tokens`' index on `access_token_jti`: no statement looks a refresh token up by it (the jti is
 * only read from rows found by their hash or family; the query plans in docs/performance.md), yet every refresh token
 * INSERT put an entry in it at a random place. On MariaDB with 1 M access tokens (500 000 refresh tokens) it was
 * 48.8 MiB, a sixth of the table's indexes, competing for the buffer pool with the ones the queries use.
 */
const JTI_INDEX = new TableIndex({
  name: 'ix_oauth2_refresh_tokens_access_token_jti',
  columnNames: ['access_token_jti'],
});

export class UnusedRefreshTokenIndex1796800000000 implements MigrationInterface {
  name = 'UnusedRefreshTokenIndex1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('oauth2_refresh_tokens', JTI_INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('oauth2_refresh_tokens', JTI_INDEX);
  }
}
