import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The redeemed authorization codes (issue 24): a code's single use is decided by the unique key on its hash, in the
 * transaction that stores its tokens, rather than in the temporary store before them, so an exchange cut short before
 * its commit leaves the code redeemable. `expires` for the retention purge.
 */
export class CodeRedemptions1796810000000 implements MigrationInterface {
  name = 'CodeRedemptions1796810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_code_redemptions',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'code_hash', type: 'varchar', length: '64' },
          { name: 'expires', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'uq_oauth2_code_redemptions_code_hash', columnNames: ['code_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_oauth2_code_redemptions_expires', columnNames: ['expires'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth2_code_redemptions');
  }
}
