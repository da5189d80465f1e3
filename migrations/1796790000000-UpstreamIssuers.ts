import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

const ISSUER = new TableColumn({ name: 'issuer', type: 'varchar', length: '255', isNullable: true });
const BY_PROVIDER = new TableIndex({
  name: 'IDX_external_identities_subject',
  columnNames: ['provider', 'subject'],
  isUnique: true,
});
const BY_ISSUER = new TableIndex({
  name: 'IDX_external_identities_issuer_subject',
  columnNames: ['issuer', 'subject'],
  isUnique: true,
});

/**
 * Upstream people are linked by (issuer, `sub`) (issue 22 §2; OpenID Connect Core §2: `sub` is unique only within
 * its issuer), not by the provider's configured name: a name pointed at another issuer must not sign that issuer's
 * `sub` into the accounts of the first one. The directory's links get the empty issuer (one directory, no issuer),
 * so (issuer, subject) stays unique for them; upstream links made before keep NULL, "not yet known", and are bound
 * at their next sign-in (`LinkedAccounts`). NULLs are distinct in a unique index on SQLite and MariaDB alike.
 */
export class UpstreamIssuers1796790000000 implements MigrationInterface {
  name = 'UpstreamIssuers1796790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('external_identities', ISSUER);
    await queryRunner.query(`UPDATE external_identities SET issuer = '' WHERE provider = 'ldap'`);
    await queryRunner.dropIndex('external_identities', BY_PROVIDER.name as string);
    await queryRunner.createIndex('external_identities', BY_ISSUER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('external_identities', BY_ISSUER.name as string);
    await queryRunner.createIndex('external_identities', BY_PROVIDER);
    await queryRunner.dropColumn('external_identities', ISSUER);
  }
}
