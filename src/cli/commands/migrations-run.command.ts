import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { dataSourceOptions } from '../../database/data-source-options';

/** Its own connection, not the service's modules: those expect the schema this command is about to make. */
@Command({ name: 'migrations:run', description: 'apply every pending migration' })
export class MigrationsRunCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const dataSource = await new DataSource(dataSourceOptions(this.config)).initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(
        applied.length ? applied.map((migration) => `applied ${migration.name}`).join('\n') : 'no pending migration',
      );
    } finally {
      await dataSource.destroy();
    }
  }
}
