import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { backupDatabase } from '../../database/database-backup';

/** A consistent backup of the live database (docs/operations.md): SQLite's online backup API, or a MariaDB dump. */
@Command({ name: 'db:backup', arguments: '<file>', description: 'back up the database while the service runs' })
export class DbBackupCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    await backupDatabase(this.config.database, file);
    console.log(`backed up to ${file}`);
  }
}
