import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * WebAuthn security keys and passkeys as second factors (issue 15): each registered credential's id and public key
 * (base64url), its signature counter, the transports the browser reported, and the name the person gave it.
 */
export class WebauthnCredentials1796690000000 implements MigrationInterface {
  name = 'WebauthnCredentials1796690000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'user_webauthn_credentials',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'credential_id', type: 'varchar', length: '255' },
          { name: 'public_key', type: 'text' },
          { name: 'counter', type: 'bigint' },
          { name: 'transports', type: 'text' },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'last_used_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'user_webauthn_credentials',
      new TableIndex({
        name: 'IDX_user_webauthn_credentials_credential',
        columnNames: ['credential_id'],
        isUnique: true,
      }),
    );
    await queryRunner.createIndex(
      'user_webauthn_credentials',
      new TableIndex({ name: 'IDX_user_webauthn_credentials_user', columnNames: ['user_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_webauthn_credentials');
  }
}
