import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Access tokens learn the refresh-token family (or authorization code) they came from, so a replayed code or a
 * reused rotated refresh token can revoke every access token of that grant at once (DESIGN §6).
 */
export class AccessTokenFamilies1795620000000 implements MigrationInterface {
  name = 'AccessTokenFamilies1795620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'oauth2_access_tokens',
      new TableColumn({ name: 'family_id', type: 'varchar', length: '80', isNullable: true }),
    );
    await queryRunner.createIndex(
      'oauth2_access_tokens',
      new TableIndex({ name: 'ix_oauth2_access_tokens_family_id', columnNames: ['family_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('oauth2_access_tokens', 'ix_oauth2_access_tokens_family_id');
    await queryRunner.dropColumn('oauth2_access_tokens', 'family_id');
  }
}
