import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type * as Ldapts from 'ldapts';
import type { Client, Entry } from 'ldapts';
import type { ConnectionOptions } from 'node:tls';
import { DIRECTORY_STATE_EVENT, type DirectoryStateEvent } from '../../common/events/directory-state.event';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { LdapConfig } from '../../config/ldap-config';
import type { ExternalPerson } from './linked-accounts';

/** A person as the directory describes them, with their Gatehouse groups already mapped. */
export interface DirectoryPerson extends ExternalPerson {
  dn: string;
  /** Disabled in the directory although the filter found them (AD's userAccountControl, nsAccountLock). */
  disabled: boolean;
}

/** The directory could not be asked (down, refused the service account, timed out): not the person's fault. */
export class DirectoryUnavailableError extends Error {}

/** AD's userAccountControl flag ACCOUNTDISABLE ([MS-ADTS] §2.2.16). */
const ACCOUNT_DISABLE = 2;
/** Nested groups are followed this deep; a cycle in the directory cannot loop for ever. */
const MAX_GROUP_DEPTH = 10;
const OPERATION_TIMEOUT_MS = 5_000;

let ldaptsModule: Promise<typeof Ldapts> | undefined;
/**
 * ldapts, loaded on the first directory call: a process without LDAP_URL never loads it, and its ASN.1 code was about
 * 3 MB of every idle heap, which V8 lets the old generation grow to a multiple of between full collections (issue 12).
 */
const ldapts = (): Promise<typeof Ldapts> => (ldaptsModule ??= import('ldapts'));

/**
 * The LDAP / Active Directory directory (ldapts): finds people with the service account, checks their password by
 * binding as them, and resolves their groups. Knows nothing of Gatehouse accounts.
 */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger(LdapDirectory.name);
  private readonly config?: LdapConfig;

  constructor(
    @Inject(APP_CONFIG) appConfig: AppConfig,
    private readonly events: EventEmitter2,
  ) {
    this.config = appConfig.ldap;
  }

  get configured(): boolean {
    return this.config !== undefined;
  }

  /**
   * The person whose name and password these are, or undefined. An empty password is refused before any bind: a
   * simple bind with a name and no password is an unauthenticated bind that servers answer with success (RFC 4513
   * §5.1.2), so it proves nothing.
   */
  async authenticate(name: string, password: string): Promise<DirectoryPerson | undefined> {
    const config = this.required();
    if (password === '' || name === '') {
      return undefined;
    }
    return this.conversation(async (client) => {
      const entries = await this.searchPeople(client, config, await this.userFilter(config, name));
      // Anything but exactly one entry is not this person: an ambiguous filter must not pick one at random.
      if (entries.length !== 1) {
        return undefined;
      }
      const person = await this.toPerson(client, config, entries[0]);
      if (!(await this.passwordHolds(config, person.dn, password))) {
        return undefined;
      }
      return person;
    });
  }

  /** Every person the user filter finds under the user base, for the sync. */
  async everyone(): Promise<DirectoryPerson[]> {
    const config = this.required();
    return this.conversation(async (client) => {
      // The filter with {username} as a presence wildcard: every entry the sign-in filter could ever find.
      const entries = await this.searchPeople(client, config, config.userFilter.replaceAll('{username}', '*'));
      const people: DirectoryPerson[] = [];
      for (const entry of entries) {
        people.push(await this.toPerson(client, config, entry));
      }
      return people;
    });
  }

  private async userFilter(config: LdapConfig, name: string): Promise<string> {
    const { EqualityFilter } = await ldapts();
    // RFC 4515 §3: *, (, ), \ and NUL in a value are written as \2a, \28, \29, \5c, \00 (ldapts' escaping).
    const escaped = new EqualityFilter({ attribute: 'x', value: '' }).escape(name);
    return config.userFilter.replaceAll('{username}', () => escaped);
  }

  private async searchPeople(client: Client, config: LdapConfig, filter: string): Promise<Entry[]> {
    const { searchEntries } = await client.search(config.userBase, {
      scope: 'sub',
      filter,
      attributes: [
        config.idAttribute,
        config.attributes.name,
        config.attributes.email,
        config.attributes.realName,
        'userAccountControl',
        'nsAccountLock',
      ],
      explicitBufferAttributes: config.idAttribute === 'objectGUID' ? ['objectGUID'] : [],
      paged: { pageSize: 500 },
    });
    return searchEntries;
  }

  private async toPerson(client: Client, config: LdapConfig, entry: Entry): Promise<DirectoryPerson> {
    const control = Number(first(entry.userAccountControl) ?? 0);
    return {
      dn: entry.dn,
      subject: subjectOf(entry[config.idAttribute]),
      name: first(entry[config.attributes.name]) ?? '',
      email: first(entry[config.attributes.email]) ?? '',
      realName: first(entry[config.attributes.realName]) ?? '',
      disabled: (control & ACCOUNT_DISABLE) !== 0 || first(entry.nsAccountLock)?.toUpperCase() === 'TRUE',
      groups: await this.mappedGroups(client, config, entry.dn),
    };
  }

  /**
   * The Gatehouse groups of the person: the mapped directory groups they are in, directly or through nested groups
   * (a breadth-first walk up `member`/`uniqueMember` under the group base, which every directory answers, with or
   * without a memberOf overlay).
   */
  private async mappedGroups(client: Client, config: LdapConfig, dn: string): Promise<string[]> {
    if (config.groupBase === undefined || Object.keys(config.groupMap).length === 0) {
      return [];
    }
    const { EqualityFilter } = await ldapts();
    const seen = new Set<string>();
    let frontier = [dn];
    for (let depth = 0; depth < MAX_GROUP_DEPTH && frontier.length > 0; depth++) {
      const escape = new EqualityFilter({ attribute: 'x', value: '' });
      const filter = `(|${frontier.map((member) => `(member=${escape.escape(member)})(uniqueMember=${escape.escape(member)})`).join('')})`;
      const { searchEntries } = await client.search(config.groupBase, { scope: 'sub', filter, attributes: ['dn'] });
      frontier = searchEntries.map((group) => group.dn).filter((group) => !seen.has(group.toLowerCase()));
      frontier.forEach((group) => seen.add(group.toLowerCase()));
    }
    return [...new Set([...seen].map((group) => config.groupMap[group]).filter((group) => group !== undefined))].sort();
  }

  private async passwordHolds(config: LdapConfig, dn: string, password: string): Promise<boolean> {
    const { InvalidCredentialsError } = await ldapts();
    const client = await this.client(config);
    try {
      await this.secure(client, config);
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return false;
      }
      throw error;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Runs `work` on a connection bound as the service account; any failure to talk is `DirectoryUnavailableError`. */
  private async conversation<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const config = this.required();
    const { ResultCodeError } = await ldapts();
    const client = await this.client(config);
    try {
      await this.secure(client, config);
      if (config.bindDn !== undefined) {
        await client.bind(config.bindDn, config.bindPassword ?? '');
      }
      const result = await work(client);
      this.reachable(true);
      return result;
    } catch (error) {
      // A refused service account or filter is the operator's problem, not the person's: said as unavailable too.
      this.reachable(false);
      const reason = error instanceof ResultCodeError ? `LDAP error ${error.code}: ${error.message}` : String(error);
      this.logger.warn({ reason }, 'the directory did not answer');
      throw new DirectoryUnavailableError(reason);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Tells the metrics whether the directory answered (issue 22: /metrics shows the directory's state). */
  private reachable(up: boolean): void {
    const event: DirectoryStateEvent = { up };
    this.events.emit(DIRECTORY_STATE_EVENT, event);
  }

  private async client(config: LdapConfig): Promise<Client> {
    const ldap = await ldapts();
    return new ldap.Client({
      url: config.url,
      timeout: OPERATION_TIMEOUT_MS,
      connectTimeout: OPERATION_TIMEOUT_MS,
      tlsOptions: this.tlsOptions(config),
    });
  }

  /** RFC 4513 §3: StartTLS before any bind, so that no password crosses in clear. */
  private async secure(client: Client, config: LdapConfig): Promise<void> {
    if (config.startTls) {
      await client.startTLS(this.tlsOptions(config));
    }
  }

  private tlsOptions(config: LdapConfig): ConnectionOptions {
    // Certificates are verified (rejectUnauthorized is Node's default); the configured CA is trusted besides.
    return config.ca === undefined ? {} : { ca: [config.ca] };
  }

  private required(): LdapConfig {
    if (!this.config) {
      throw new Error('no directory is configured (LDAP_URL)');
    }
    return this.config;
  }
}

function first(value: Entry[string] | undefined): string | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item === undefined ? undefined : Buffer.isBuffer(item) ? item.toString('hex') : item;
}

function subjectOf(value: Entry[string] | undefined): string {
  const subject = first(value);
  if (!subject) {
    throw new Error('a directory entry has no value for LDAP_ID_ATTRIBUTE');
  }
  return subject;
}
