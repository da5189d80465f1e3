import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DirectorySync } from '../../identity/federation/directory-sync.service';
import { ServiceContext } from '../service-context';
import { CommandError } from '../command-error';

/** The directory sync (issue 22) now, beside the scheduled one: refreshes linked people and blocks leavers. */
@Command({ name: 'users:sync', description: 'read the LDAP directory now: refresh linked people, block leavers' })
export class UsersSyncCommand extends CommandRunner {
  constructor(
    private readonly service: ServiceContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (!this.config.ldap) {
      throw new CommandError('No directory is configured (LDAP_URL is unset)');
    }
    const report = await (await this.service.get(DirectorySync)).run();
    this.service.noteReach();
    console.log(`checked ${report.checked}`);
    for (const name of report.updated) {
      console.log(`updated ${name}`);
    }
    for (const name of report.blocked) {
      console.log(`blocked ${name}`);
    }
  }
}
