import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Client ID Metadata Documents (issue 23 item 4): a client known by the https URL of its document is a dynamic
 * client whose row keeps that URL, and its SHA-256 for finding it again (a unique index on a 2000-character column
 * is beyond MariaDB's key length).
 */
export class ClientIdMetadataDocuments1796770000000 implements MigrationInterface {
  name = 'ClientIdMetadataDocuments1796770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('oauth2_dynamic_clients', [
      new TableColumn({ name: 'client_id_url', type: 'varchar', length: '2000', isNullable: true }),
      new TableColumn({ name: 'client_id_url_hash', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'oauth2_dynamic_clients',
      new TableIndex({
        name: 'IDX_oauth2_dynamic_clients_url_hash',
        columnNames: ['client_id_url_hash'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('oauth2_dynamic_clients', 'IDX_oauth2_dynamic_clients_url_hash');
    await queryRunner.dropColumn('oauth2_dynamic_clients', 'client_id_url_hash');
    await queryRunner.dropColumn('oauth2_dynamic_clients', 'client_id_url');
  }
}
