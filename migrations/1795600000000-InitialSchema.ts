import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
  type TableColumnOptions,
} from 'typeorm';

const id: TableColumnOptions = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
};
const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'integer',
  ...extra,
});
const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const text = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'text',
  ...extra,
});
const flag = (name: string, fallback: boolean): TableColumnOptions => ({ name, type: 'boolean', default: fallback });
const time = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'datetime',
  ...extra,
});
const smallint = (name: string, fallback: number): TableColumnOptions => ({
  name,
  type: 'smallint',
  default: fallback,
});
const index = (table: string, columnNames: string[], isUnique = false): TableIndex =>
  new TableIndex({
    name: `${isUnique ? 'uq' : 'ix'}_${table}_${columnNames.join('_')}`.slice(0, 64),
    columnNames,
    isUnique,
  });
const reference = (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/**
 * Every table of DESIGN §4, written with TypeORM's schema builder so the same migration runs on SQLite and
 * MariaDB. JSON values live in text columns; MediaWiki's table names are kept so the schema is recognisable.
 */
export class InitialSchema1795600000000 implements MigrationInterface {
  name = 'InitialSchema1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      new Table({
        name: 'users',
        columns: [
          id,
          varchar('name', 255),
          varchar('email', 255, { default: "''" }),
          time('email_confirmed_at', { isNullable: true }),
          varchar('password_hash', 255, { isNullable: true }),
          varchar('real_name', 255, { default: "''" }),
          time('registered_at'),
          flag('blocked', false),
          flag('locked', false),
        ],
        indices: [index('users', ['name'], true)],
      }),
      new Table({
        name: 'user_groups',
        columns: [
          int('user_id', { isPrimary: true }),
          varchar('group_name', 64, { isPrimary: true }),
          time('expiry', { isNullable: true }),
        ],
        indices: [index('user_groups', ['group_name'])],
        foreignKeys: [reference('user_id', 'users', 'CASCADE')],
      }),
      new Table({
        name: 'oauth_registered_consumer',
        columns: [
          id,
          varchar('consumer_key', 32),
          varchar('name', 128),
          varchar('version', 32),
          int('user_id'),
          text('callback_url'),
          flag('callback_is_prefix', false),
          text('description'),
          varchar('email', 255),
          time('email_authenticated', { isNullable: true }),
          flag('developer_agreement', true),
          flag('owner_only', false),
          varchar('wiki', 32, { default: "'*'" }),
          text('grants'),
          time('registration'),
          varchar('secret_key', 32, { isNullable: true }),
          text('rsa_key', { isNullable: true }),
          text('restrictions'),
          smallint('stage', 0),
          time('stage_timestamp'),
          flag('deleted', false),
          smallint('oauth_version', 1),
          text('oauth2_allowed_grants', { isNullable: true }),
          flag('oauth2_is_confidential', true),
        ],
        indices: [
          index('oauth_registered_consumer', ['consumer_key'], true),
          index('oauth_registered_consumer', ['name', 'user_id', 'version'], true),
          index('oauth_registered_consumer', ['user_id']),
          index('oauth_registered_consumer', ['stage', 'stage_timestamp']),
        ],
        foreignKeys: [reference('user_id', 'users', 'RESTRICT')],
      }),
      new Table({
        name: 'oauth_accepted_consumer',
        columns: [
          id,
          varchar('wiki', 32),
          int('user_id'),
          int('consumer_id'),
          varchar('access_token', 32),
          varchar('access_secret', 32),
          text('grants'),
          time('accepted'),
          smallint('oauth_version', 1),
        ],
        indices: [
          index('oauth_accepted_consumer', ['access_token'], true),
          index('oauth_accepted_consumer', ['user_id', 'consumer_id', 'wiki'], true),
          index('oauth_accepted_consumer', ['consumer_id', 'user_id']),
          index('oauth_accepted_consumer', ['user_id', 'id']),
        ],
        foreignKeys: [
          reference('user_id', 'users', 'CASCADE'),
          reference('consumer_id', 'oauth_registered_consumer', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'oauth2_access_tokens',
        columns: [
          id,
          varchar('identifier', 255),
          time('expires'),
          int('acceptance_id', { default: 0 }),
          int('consumer_id'),
          flag('revoked', false),
        ],
        indices: [
          index('oauth2_access_tokens', ['identifier'], true),
          index('oauth2_access_tokens', ['acceptance_id']),
          index('oauth2_access_tokens', ['consumer_id']),
          index('oauth2_access_tokens', ['expires']),
        ],
        foreignKeys: [reference('consumer_id', 'oauth_registered_consumer', 'CASCADE')],
      }),
      new Table({
        name: 'oauth2_refresh_tokens',
        columns: [
          id,
          varchar('token_hash', 64),
          varchar('access_token_jti', 255),
          int('acceptance_id', { default: 0 }),
          int('consumer_id'),
          int('user_id', { isNullable: true }),
          text('scopes'),
          varchar('family_id', 80),
          time('expires'),
          time('rotated_at', { isNullable: true }),
          flag('revoked', false),
        ],
        indices: [
          index('oauth2_refresh_tokens', ['token_hash'], true),
          index('oauth2_refresh_tokens', ['family_id']),
          index('oauth2_refresh_tokens', ['access_token_jti']),
          index('oauth2_refresh_tokens', ['acceptance_id']),
        ],
        foreignKeys: [reference('consumer_id', 'oauth_registered_consumer', 'CASCADE')],
      }),
      new Table({
        name: 'oauth_log',
        columns: [
          id,
          time('timestamp'),
          int('actor_id'),
          int('consumer_id'),
          varchar('action', 32),
          text('comment'),
          flag('deleted', false),
        ],
        indices: [index('oauth_log', ['consumer_id', 'timestamp']), index('oauth_log', ['timestamp'])],
      }),
      new Table({
        name: 'notifications',
        columns: [
          id,
          int('user_id'),
          varchar('type', 64),
          int('consumer_id', { isNullable: true }),
          int('actor_id', { isNullable: true }),
          text('payload'),
          time('created_at'),
          time('read_at', { isNullable: true }),
        ],
        indices: [index('notifications', ['user_id', 'read_at']), index('notifications', ['user_id', 'id'])],
        foreignKeys: [reference('user_id', 'users', 'CASCADE')],
      }),
      new Table({
        name: 'notification_outbox',
        columns: [
          id,
          int('notification_id', { isNullable: true }),
          varchar('event', 64),
          text('payload'),
          int('attempts', { default: 0 }),
          time('next_attempt_at'),
          time('delivered_at', { isNullable: true }),
          varchar('last_error', 255, { isNullable: true }),
          time('created_at'),
        ],
        indices: [index('notification_outbox', ['delivered_at', 'next_attempt_at'])],
      }),
    ];
    for (const table of tables) {
      await queryRunner.createTable(table, false, true, true);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'notification_outbox',
      'notifications',
      'oauth_log',
      'oauth2_refresh_tokens',
      'oauth2_access_tokens',
      'oauth_accepted_consumer',
      'oauth_registered_consumer',
      'user_groups',
      'users',
    ]) {
      await queryRunner.dropTable(name);
    }
  }
}
