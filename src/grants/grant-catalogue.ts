import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AUTH_ONLY_GRANTS, type GrantDefinition, HIDDEN_GROUP, OIDC_SCOPES } from './grant-definition';
import { loadGrants } from './grants-file';

/**
 * The grants apps may ask for (DESIGN §7): MediaWiki's defaults, replaced or extended by `GRANTS_FILE` (format in
 * `grants-file.ts`). Built when the module starts, so a bad file stops start-up with a `GRANTS_FILE …` error.
 */
@Injectable()
export class GrantCatalogue {
  readonly authOnlyGrants = AUTH_ONLY_GRANTS;
  private readonly grants: ReadonlyMap<string, GrantDefinition>;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'files'>) {
    // Frozen: callers share these definitions, and one changing a rights list would change everyone's rights.
    this.grants = new Map(
      loadGrants(config.files.grants).map((grant) => [
        grant.name,
        Object.freeze({ ...grant, rights: Object.freeze([...grant.rights]) }),
      ]),
    );
  }

  /** Every grant, built-in ones in MediaWiki's order, then those the file added. */
  all(): GrantDefinition[] {
    return [...this.grants.values()];
  }

  get(name: string): GrantDefinition | undefined {
    return this.grants.get(name);
  }

  /** The names among `names` that the catalogue does not define. */
  unknown(names: string[]): string[] {
    return names.filter((name) => !this.grants.has(name));
  }

  /** Grants every normal consumer holds implicitly (MediaWiki's group `hidden`: `basic`). */
  hiddenGrants(): string[] {
    return this.all()
      .filter((grant) => grant.group === HIDDEN_GROUP)
      .map((grant) => grant.name);
  }

  /** Whether `grants` is an identity-only set: not empty, and nothing but auth-only grants in it. */
  isAuthOnly(grants: readonly string[]): boolean {
    return grants.length > 0 && grants.every((grant) => AUTH_ONLY_GRANTS.includes(grant));
  }

  /**
   * Whether `grants` only establishes who the user is: not empty, and nothing but auth-only grants and OpenID
   * Connect's scopes (which bring no rights), so no hidden grant is added to it.
   */
  isIdentityOnly(grants: readonly string[]): boolean {
    return (
      grants.length > 0 && grants.every((grant) => AUTH_ONLY_GRANTS.includes(grant) || OIDC_SCOPES.includes(grant))
    );
  }

  /** The union of the rights of `grants`; unknown grants bring none. */
  rightsOf(grants: readonly string[]): Set<string> {
    return new Set(grants.flatMap((grant) => this.grants.get(grant)?.rights ?? []));
  }
}
