import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * What the scheduled purge of dead rows needs (DESIGN §12): `job_leases`, so one instance at a time runs a job, and
 * an index on refresh-token expiry for its WHERE (access tokens and the webhook outbox have theirs already). Also, on
 * SQLite only, an index on refresh-token `consumer_id`: disabling a consumer revokes its refresh tokens, which scanned
 * the whole table there (`bench/large.mjs`'s plans); MariaDB has one already, made for the foreign key.
 */
const CONSUMER_INDEX = new TableIndex({ name: 'ix_oauth2_refresh_tokens_consumer_id', columnNames: ['consumer_id'] });

function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'better-sqlite3';
}

export class RetentionLeases1796558000000 implements MigrationInterface {
  name = 'RetentionLeases1796558000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'job_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '128' },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'oauth2_refresh_tokens',
      new TableIndex({ name: 'ix_oauth2_refresh_tokens_expires', columnNames: ['expires'] }),
    );
    if (isSqlite(queryRunner)) {
      await queryRunner.createIndex('oauth2_refresh_tokens', CONSUMER_INDEX);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) {
      await queryRunner.dropIndex('oauth2_refresh_tokens', CONSUMER_INDEX);
    }
    await queryRunner.dropIndex('oauth2_refresh_tokens', 'ix_oauth2_refresh_tokens_expires');
    await queryRunner.dropTable('job_leases');
  }
}
