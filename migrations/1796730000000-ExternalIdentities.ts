import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Accounts linked to an outside source of identity (issue 22): the directory (`ldap`) today, upstream OpenID
 * Connect providers (`oidc:<name>`) later. The link is the source's stable id (`subject`: entryUUID, objectGUID, an
 * OIDC `sub`), never the name; `synced_groups` are the groups the source gave, so groups set by hand stay untouched.
 */
export class ExternalIdentities1796730000000 implements MigrationInterface {
  name = 'ExternalIdentities1796730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'external_identities',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'provider', type: 'varchar', length: '64' },
          { name: 'subject', type: 'varchar', length: '255' },
          { name: 'synced_groups', type: 'text' },
          { name: 'linked_at', type: 'datetime' },
          { name: 'last_synced_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'external_identities',
      new TableIndex({
        name: 'IDX_external_identities_subject',
        columnNames: ['provider', 'subject'],
        isUnique: true,
      }),
    );
    await queryRunner.createIndex(
      'external_identities',
      new TableIndex({ name: 'IDX_external_identities_user', columnNames: ['user_id', 'provider'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('external_identities');
  }
}
