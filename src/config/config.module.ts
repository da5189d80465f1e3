import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './app-config';
import { RUN_MODE, type RunMode } from './run-mode';

/**
 * Makes the configuration loaded at start-up injectable as `APP_CONFIG`, and whether this process is the service or an
 * operator command as `RUN_MODE`; nothing else reads the environment.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, mode: RunMode = 'service'): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUN_MODE, useValue: mode },
      ],
      exports: [APP_CONFIG, RUN_MODE],
    };
  }
}
