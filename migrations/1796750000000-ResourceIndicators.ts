import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Resource indicators (RFC 8707, issue 23): the resources an OAuth 2 consumer may ask tokens for (JSON list,
 * reviewed with its grants), and the resource a refresh token was granted for, so a refresh can never widen it
 * (§2.2). Nullable, so the consumers and refresh tokens from before read as "no resource" and keep working.
 */
const CONSUMER_RESOURCES = new TableColumn({ name: 'oauth2_resources', type: 'text', isNullable: true });
const REFRESH_RESOURCE = new TableColumn({ name: 'resource', type: 'text', isNullable: true });

export class ResourceIndicators1796750000000 implements MigrationInterface {
  name = 'ResourceIndicators1796750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('oauth_registered_consumer', CONSUMER_RESOURCES);
    await queryRunner.addColumn('oauth2_refresh_tokens', REFRESH_RESOURCE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('oauth2_refresh_tokens', REFRESH_RESOURCE);
    await queryRunner.dropColumn('oauth_registered_consumer', CONSUMER_RESOURCES);
  }
}
