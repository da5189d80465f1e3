import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { randomHex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RUN_MODE, type RunMode } from '../../config/run-mode';
import { JobLeaseRepository } from '../../database/job-lease.repository';
import { IdentityService } from '../identity.service';
import { LinkedAccounts, LDAP_PROVIDER } from './linked-accounts';
import { ExternalIdentityRepository } from './external-identity.repository';
import { LdapDirectory } from './ldap-directory';

/** What one sync did, by account name. */
export interface SyncReport {
  /** Linked accounts found in the directory. */
  checked: number;
  /** Accounts whose name, email, real name or mapped groups changed. */
  updated: string[];
  /** Leavers: removed, disabled, or moved out of the user base; blocked now. */
  blocked: string[];
}

const JOB = 'directory-sync';
/** Long enough for a sync of a large directory; released at the end of each run. */
const LEASE_MS = 10 * 60_000;
/** The actor id the audit log gives the sync, which no account has. */
const SYSTEM_ACTOR = 0;

/**
 * Re-reads the directory for every linked account (LDAP_SYNC_INTERVAL, one instance at a time under a lease, and
 * on demand for the `users:sync` command): refreshes names, emails and mapped groups, and blocks leavers. A blocked
 * leaver's sessions end and its tokens stop at once on every instance; its authorizations are kept, in case it
 * returns (an admin unblocks it).
 */
@Injectable()
export class DirectorySync implements OnApplicationBootstrap {
  private readonly logger = new Logger(DirectorySync.name);
  private readonly holder = `${hostname()}/${process.pid}/${randomHex(4)}`;

  constructor(
    private readonly directory: LdapDirectory,
    private readonly accounts: LinkedAccounts,
    private readonly links: ExternalIdentityRepository,
    private readonly identity: IdentityService,
    private readonly leases: JobLeaseRepository,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  /** The scheduled sync, in the service only: an operator command runs one sync (`users:sync`) and exits. */
  onApplicationBootstrap(): void {
    if (!this.config.ldap || this.mode === 'command') {
      return;
    }
    const interval = setInterval(() => {
      this.scheduled().catch((error: unknown) => this.logger.error({ err: error }, 'directory sync failed'));
    }, this.config.ldap.syncInterval * 1000);
    this.scheduler.addInterval(JOB, interval);
  }

  /** One sync now, whether or not another instance runs one (the command's way); throws if the directory is down. */
  async run(): Promise<SyncReport> {
    // Everyone first: if the directory cannot be read, nobody is taken for a leaver.
    const people = new Map((await this.directory.everyone()).map((person) => [person.subject, person]));
    const report: SyncReport = { checked: 0, updated: [], blocked: [] };
    for (const link of await this.links.listByProvider(LDAP_PROVIDER)) {
      const user = await this.identity.findProfile(link.userId);
      if (!user) {
        continue;
      }
      const person = people.get(link.subject);
      if (!person || person.disabled) {
        if (!user.blocked) {
          await this.block(user.id, person ? 'disabled in the directory' : 'no longer in the directory');
          report.blocked.push(user.name);
        }
        continue;
      }
      report.checked++;
      if (await this.accounts.refresh(link, person)) {
        report.updated.push(person.name);
      }
    }
    this.logger.log({ job: JOB, ...report }, 'directory synced');
    return report;
  }

  /** A run under the lease, so that one instance at a time syncs; undefined when another holds it. */
  async scheduled(): Promise<SyncReport | undefined> {
    const now = Date.now();
    if (!(await this.leases.acquire(JOB, this.holder, now, now + LEASE_MS))) {
      return undefined;
    }
    try {
      return await this.run();
    } finally {
      await this.leases.release(JOB, this.holder);
    }
  }

  private async block(userId: number, reason: string): Promise<void> {
    const now = new Date();
    await this.identity.setBlocked(SYSTEM_ACTOR, userId, true, `directory sync: ${reason}`);
    // A leaver's sessions end too (a block alone keeps them, to say why pages refuse).
    await this.identity.endSessionsBefore(userId, now);
  }
}
