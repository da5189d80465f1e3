import {
  type Abstract,
  Inject,
  Injectable,
  type INestApplicationContext,
  type LoggerService,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import type { AuthContext } from '../common/auth/auth-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { IdentityService } from '../identity/identity.service';
import { CommandError } from './command-error';
import { OPERATOR_NAME, operatorAuth } from './operator';

export const CLI_LOGGER = Symbol('CLI_LOGGER');

/**
 * The service's modules, built for a command only when it first needs them (the migration commands never do): the
 * same configuration, database, cache and invalidation bus as the running service, in command mode (no listener,
 * job, worker or migration, `RUN_MODE`). Closed when the command ends.
 */
@Injectable()
export class ServiceContext implements OnApplicationShutdown {
  private app?: Promise<INestApplicationContext>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLI_LOGGER) private readonly logger: LoggerService,
  ) {}

  async get<T>(type: Type<T> | Abstract<T>): Promise<T> {
    this.app ??= this.open();
    return (await this.app).get(type, { strict: false });
  }

  /** The operator's credential for a change (`operator.ts`), its system account made on first use. */
  async operator(): Promise<AuthContext> {
    const identity = await this.get(IdentityService);
    return operatorAuth(await identity.systemAccount(OPERATOR_NAME));
  }

  /**
   * The operator's credential for reading, with no account behind it (id 0 is nobody's): reading makes nothing, and
   * the first account of a fresh database stays the administrator `ADMIN_USERNAME` makes.
   */
  reader(): AuthContext {
    return operatorAuth({ id: 0, name: OPERATOR_NAME });
  }

  /**
   * Says, after a change, how far it reached: with Redis, every instance drops what it cached at once (the
   * invalidation bus); with the in-memory cache a running service is another process, which finds the change in the
   * database once its copy expires (a minute at most), while its in-memory sessions are out of this command's reach.
   */
  noteReach(): void {
    if (this.config.cache.type === 'memory') {
      process.stderr.write(
        'Note: CACHE_URL is memory: a running service sees this change once its cached copy expires (within a minute); ' +
          'use Redis for changes that reach every instance at once.\n',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const app = await this.app?.catch(() => undefined);
    await app?.close();
  }

  private async open(): Promise<INestApplicationContext> {
    await this.refuseOutdatedSchema();
    return NestFactory.createApplicationContext(AppModule.forRoot(this.config, 'command'), {
      logger: this.logger,
      abortOnError: false,
    });
  }

  /** A command works on the schema as it is: with migrations pending, the service's code would not match it. */
  private async refuseOutdatedSchema(): Promise<void> {
    const dataSource = await new DataSource(dataSourceOptions(this.config)).initialize();
    try {
      if (await dataSource.showMigrations()) {
        throw new CommandError('The database has pending migrations: run migrations:run first (or start the service).');
      }
    } finally {
      await dataSource.destroy();
    }
  }
}
