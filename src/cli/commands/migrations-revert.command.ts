import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { dataSourceOptions } from '../../database/data-source-options';

/** Its own connection, which runs nothing at start: the service's would apply the very migration being undone. */
@Command({ name: 'migrations:revert', description: 'undo the most recent migration' })
export class MigrationsRevertCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const dataSource = await new DataSource(dataSourceOptions(this.config)).initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the most recent migration');
    } finally {
      await dataSource.destroy();
    }
  }
}
