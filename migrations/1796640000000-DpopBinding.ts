import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * DPoP (RFC 9449, issue 14): a consumer may require proofs (§5.2 `dpop_bound_access_tokens`, off for the consumers
 * registered before), and an access or refresh token records the thumbprint of the key it is bound to (§6.1, §5;
 * null for unbound tokens).
 */
const CONSUMER_COLUMN = new TableColumn({
  name: 'oauth2_dpop_bound_access_tokens',
  type: 'boolean',
  isNullable: false,
  default: false,
});
const TOKEN_TABLES = ['oauth2_access_tokens', 'oauth2_refresh_tokens'];
const JKT_COLUMN = () => new TableColumn({ name: 'dpop_jkt', type: 'varchar', length: '43', isNullable: true });

export class DpopBinding1796640000000 implements MigrationInterface {
  name = 'DpopBinding1796640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('oauth_registered_consumer', CONSUMER_COLUMN);
    for (const table of TOKEN_TABLES) {
      await queryRunner.addColumn(table, JKT_COLUMN());
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TOKEN_TABLES) {
      await queryRunner.dropColumn(table, 'dpop_jkt');
    }
    await queryRunner.dropColumn('oauth_registered_consumer', CONSUMER_COLUMN);
  }
}
