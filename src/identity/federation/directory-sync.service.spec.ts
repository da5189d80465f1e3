import type { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../../config/app-config';
import type { JobLeaseRepository } from '../../database/job-lease.repository';
import type { IdentityService } from '../identity.service';
import type { LinkedAccounts } from './linked-accounts';
import { DirectorySync } from './directory-sync.service';
import type { ExternalIdentityRepository } from './external-identity.repository';
import type { LdapDirectory } from './ldap-directory';

/** Two instances sharing one lease table. */
function leaseTable(): JobLeaseRepository {
  const held = new Map<string, string>();
  return {
    acquire: (name: string, holder: string) => {
      if (held.has(name)) {
        return Promise.resolve(false);
      }
      held.set(name, holder);
      return Promise.resolve(true);
    },
    release: (name: string) => {
      held.delete(name);
      return Promise.resolve();
    },
  } as unknown as JobLeaseRepository;
}

function instance(leases: JobLeaseRepository, everyone: () => Promise<never[]>): DirectorySync {
  return new DirectorySync(
    { everyone } as unknown as LdapDirectory,
    {} as LinkedAccounts,
    { listByProvider: () => Promise.resolve([]) } as unknown as ExternalIdentityRepository,
    {} as IdentityService,
    leases,
    {} as SchedulerRegistry,
    {} as AppConfig,
  );
}

describe('DirectorySync.scheduled', () => {
  it('runs on one instance at a time: the other skips while the lease is held', async () => {
    const leases = leaseTable();
    let release: () => void = () => undefined;
    const slow = instance(leases, () => new Promise((resolve) => (release = () => resolve([]))));
    const other = instance(leases, () => Promise.resolve([]));

    const first = slow.scheduled();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(other.scheduled()).resolves.toBeUndefined();
    release();
    await expect(first).resolves.toEqual({ checked: 0, updated: [], blocked: [] });
    // Released at the end of the run: the next tick runs anywhere.
    await expect(other.scheduled()).resolves.toEqual({ checked: 0, updated: [], blocked: [] });
  });

  it('blocks nobody when the directory cannot be read', async () => {
    const failing = instance(leaseTable(), () => Promise.reject(new Error('down')));
    await expect(failing.scheduled()).rejects.toThrow('down');
  });
});
