import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { restoreDatabase } from '../../database/database-backup';

/** Restores a `db:backup` file into the configured database, which must be new (docs/operations.md). */
@Command({ name: 'db:restore', arguments: '<file>', description: 'restore a backup into a new, empty database' })
export class DbRestoreCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    await restoreDatabase(this.config.database, file);
    console.log(`restored ${file}`);
  }
}
