import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * How an OAuth 2 consumer authenticates (issue 14): RFC 7591 §2's `token_endpoint_auth_method`, and for
 * `private_key_jwt` (RFC 7523 §2.2) its public keys, inline (`jwks`, JSON) or by address (`jwks_uri`); and whether
 * its authorization requests must be pushed (RFC 9126 §6). Nullable or defaulted, so the consumers registered
 * before keep authenticating with their secret and may still send plain authorization requests.
 */
const COLUMNS = [
  new TableColumn({ name: 'oauth2_token_endpoint_auth_method', type: 'varchar', length: '32', isNullable: true }),
  new TableColumn({ name: 'oauth2_jwks', type: 'text', isNullable: true }),
  new TableColumn({ name: 'oauth2_jwks_uri', type: 'text', isNullable: true }),
  new TableColumn({ name: 'oauth2_require_par', type: 'boolean', default: false }),
];

export class ClientKeysAndPar1796650000000 implements MigrationInterface {
  name = 'ClientKeysAndPar1796650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('oauth_registered_consumer', COLUMNS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('oauth_registered_consumer', COLUMNS);
  }
}
