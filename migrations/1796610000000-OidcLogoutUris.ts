import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Where a consumer's OpenID Connect logouts go (issue 13): its post-logout redirect URIs (RP-Initiated Logout 1.0
 * §3.1, a JSON array) and its back-channel logout URI (Back-Channel Logout 1.0 §2.2). Both nullable, so the
 * consumers registered before have none.
 */
const COLUMNS = [
  new TableColumn({ name: 'oidc_post_logout_redirect_uris', type: 'text', isNullable: true }),
  new TableColumn({ name: 'oidc_backchannel_logout_uri', type: 'text', isNullable: true }),
];

export class OidcLogoutUris1796610000000 implements MigrationInterface {
  name = 'OidcLogoutUris1796610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('oauth_registered_consumer', COLUMNS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('oauth_registered_consumer', COLUMNS);
  }
}
