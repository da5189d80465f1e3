import type { GroupPermissionsOverride } from '../config/app-config';
import { Right } from '../common/auth/rights';

/** Every signed-in account is implicitly a member of this group, as in MediaWiki. */
export const IMPLICIT_GROUP = 'user';

/**
 * DESIGN §7 defaults; `GROUP_PERMISSIONS` replaces (list) or amends (map) them group by group. Every account reads
 * and sees and edits its own private information, as MediaWiki's `user` group does (`read`, `viewmyprivateinfo`,
 * `editmyprivateinfo`, `editmyoptions` in its DefaultSettings); an OAuth caller keeps them only through its grants.
 */
export const DEFAULT_GROUP_RIGHTS: Record<string, string[]> = {
  user: [
    Right.Read,
    Right.ViewMyPrivateInfo,
    Right.EditMyPrivateInfo,
    Right.EditMyOptions,
    Right.ManageMyGrants,
    Right.ProposeConsumer,
    Right.UpdateOwnConsumer,
  ],
  oauthadmin: [Right.ManageConsumer, Right.ViewPrivate],
  sysop: [
    Right.ManageMyGrants,
    Right.ProposeConsumer,
    Right.UpdateOwnConsumer,
    Right.ManageConsumer,
    Right.ViewPrivate,
    Right.Suppress,
    Right.ViewSuppressed,
    Right.UserRights,
    Right.Block,
    // Signing keys are the deployment's, not the consumer registry's: oauthadmins review apps, sysops run the service.
    Right.ManageKeys,
  ],
};

/** The group → rights table in force, from the defaults and the configured override. */
export class GroupRights {
  private readonly table: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(override: GroupPermissionsOverride = {}) {
    const table = new Map(Object.entries(DEFAULT_GROUP_RIGHTS).map(([group, rights]) => [group, new Set(rights)]));
    for (const [group, rights] of Object.entries(override)) {
      if (Array.isArray(rights)) {
        table.set(group, new Set(rights));
        continue;
      }
      const current = table.get(group) ?? new Set<string>();
      for (const [right, granted] of Object.entries(rights)) {
        if (granted) {
          current.add(right);
        } else {
          current.delete(right);
        }
      }
      table.set(group, current);
    }
    this.table = table;
  }

  /** Groups that may be assigned; the implicit group is not among them. */
  assignableGroups(): string[] {
    return [...this.table.keys()].filter((group) => group !== IMPLICIT_GROUP).sort();
  }

  /** The rights a membership in `group` alone brings. */
  rightsOfGroup(group: string): string[] {
    return [...(this.table.get(group) ?? [])].sort();
  }

  /** The union of the rights of `groups` plus those of the implicit group. */
  rightsOf(groups: readonly string[]): Set<string> {
    const rights = new Set<string>();
    for (const group of [IMPLICIT_GROUP, ...groups]) {
      for (const right of this.table.get(group) ?? []) {
        rights.add(right);
      }
    }
    return rights;
  }
}
