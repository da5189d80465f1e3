import { type DynamicModule, type LoggerService, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { COMMANDS } from './commands';
import { CLI_LOGGER, ServiceContext } from './service-context';

/**
 * The operator commands (nest-commander), one per file in `commands/`. This module holds only them and the
 * configuration, so that parsing the command line needs nothing else; each command builds the service's modules
 * through `ServiceContext` when it runs.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, logger: LoggerService): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config, 'command')],
      providers: [{ provide: CLI_LOGGER, useValue: logger }, ServiceContext, ...COMMANDS],
    };
  }
}
