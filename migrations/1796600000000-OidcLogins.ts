import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * OpenID Connect's record of sign-ins (`oidc_logins`, DESIGN §12): the token family each one started, its session's
 * `sid`, and the `auth_time` and `amr` its refreshed ID Tokens repeat (Core §12.2); `expires` is when neither its
 * session nor its refresh tokens can still need it, which the purge goes by.
 */
export class OidcLogins1796600000000 implements MigrationInterface {
  name = 'OidcLogins1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oidc_logins',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'family_id', type: 'varchar', length: '64', isUnique: true },
          { name: 'sid', type: 'varchar', length: '32' },
          { name: 'user_id', type: 'int' },
          { name: 'consumer_id', type: 'int' },
          { name: 'auth_time', type: 'bigint' },
          { name: 'amr', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'expires', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('oidc_logins', new TableIndex({ name: 'ix_oidc_logins_sid', columnNames: ['sid'] }));
    await queryRunner.createIndex(
      'oidc_logins',
      new TableIndex({ name: 'ix_oidc_logins_expires', columnNames: ['expires'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oidc_logins');
  }
}
