import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { freePort, temporaryDirectory } from './test-environment';

/** Debian's OpenLDAP server (package `slapd`). */
const SLAPD_BINARY = '/usr/sbin/slapd';
const START_TIMEOUT_MS = 10_000;

export const SUFFIX = 'dc=example,dc=org';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;
/** The directory's own administrator (rootdn): the tests change the directory with it. */
const ROOT = { dn: `cn=admin,${SUFFIX}`, password: 'root-secret' };
/** The read-only service account Gatehouse searches with (LDAP_BIND_DN). */
export const SERVICE_ACCOUNT = { dn: `cn=gatehouse,${SUFFIX}`, password: 'service-secret' };
/** The group that LDAP_GROUP_MAP maps to `oauthadmin`; `staff` is a member of it, so its members are, nested. */
export const ADMINS_GROUP = `cn=oauth-admins,${GROUPS}`;
export const STAFF_GROUP = `cn=staff,${GROUPS}`;

export interface DirectoryPerson {
  uid: string;
  password: string;
  mail: string;
  cn: string;
}

/** The people the directory is seeded with. */
export const PEOPLE_SEED = {
  /** A direct member of the admins group. */
  alice: { uid: 'alice', password: 'alice-directory-pw', mail: 'alice@example.org', cn: 'Alice Example' },
  /** A member of `staff` only, which is nested in the admins group. */
  bob: { uid: 'bob', password: 'bob-directory-pw', mail: 'bob@example.org', cn: 'Bob Example' },
  /** In no group. */
  carol: { uid: 'carol', password: 'carol-directory-pw', mail: 'carol@example.org', cn: 'Carol Example' },
  /** Disabled the way Active Directory says it: userAccountControl with ACCOUNTDISABLE (2) set. */
  dave: { uid: 'dave', password: 'dave-directory-pw', mail: 'dave@example.org', cn: 'Dave Disabled' },
} satisfies Record<string, DirectoryPerson>;

function personDn(uid: string): string {
  return `uid=${uid},${PEOPLE}`;
}

/**
 * A throwaway OpenLDAP server (slapd.conf style, mdb backend, the memberof overlay) in its own directory on a free
 * loopback port, seeded with people and groups (a nested group, a disabled user). It runs in the foreground and is
 * stopped by `stop`.
 */
export class SlapdProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(): Promise<SlapdProcess> {
    const home = temporaryDirectory();
    mkdirSync(join(home, 'data'));
    writeFileSync(join(home, 'slapd.conf'), slapdConfig(home));
    const port = await freePort();
    const url = `ldap://127.0.0.1:${port}`;
    // -d 0: stay in the foreground (so the test owns the process) without debug output.
    const child = spawn(SLAPD_BINARY, ['-f', join(home, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const slapd = new SlapdProcess(child, url);
    await slapd.waitUntilAnswering();
    await slapd.seed();
    return slapd;
  }

  /** Environment for a Gatehouse that federates this directory. */
  gatehouseEnv(): Record<string, string> {
    return {
      LDAP_URL: this.url,
      LDAP_BIND_DN: SERVICE_ACCOUNT.dn,
      LDAP_BIND_PASSWORD: SERVICE_ACCOUNT.password,
      LDAP_USER_BASE: PEOPLE,
      LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username}))',
      LDAP_ATTRIBUTES: JSON.stringify({ name: 'uid', email: 'mail', realName: 'cn' }),
      LDAP_GROUP_BASE: GROUPS,
      LDAP_GROUP_MAP: JSON.stringify({ [ADMINS_GROUP]: 'oauthadmin' }),
    };
  }

  /** Deletes a person's entry (a leaver). */
  async remove(uid: string): Promise<void> {
    await this.asRoot((client) => client.del(personDn(uid)));
  }

  /** Renames a person (a new uid and so a new DN; entryUUID stays). */
  async rename(uid: string, newUid: string): Promise<void> {
    await this.asRoot((client) => client.modifyDN(personDn(uid), `uid=${newUid}`));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
    }
    await this.exited;
  }

  private async asRoot(work: (client: Client) => Promise<void>): Promise<void> {
    const client = new Client({ url: this.url });
    try {
      await client.bind(ROOT.dn, ROOT.password);
      await work(client);
    } finally {
      await client.unbind();
    }
  }

  private async waitUntilAnswering(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        await this.asRoot(() => Promise.resolve());
        return;
      } catch (error) {
        if (Date.now() > deadline || this.child.exitCode !== null) {
          throw new Error(`slapd did not start: ${(error as Error).message}\n${this.output}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /**
   * Seeds over LDAP (not slapadd) so that the memberof overlay maintains `memberOf`: people first, then groups.
   */
  private async seed(): Promise<void> {
    await this.asRoot(async (client) => {
      await client.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
      await client.add(SERVICE_ACCOUNT.dn, {
        objectClass: ['organizationalRole', 'simpleSecurityObject'],
        cn: 'gatehouse',
        userPassword: SERVICE_ACCOUNT.password,
      });
      await client.add(PEOPLE, { objectClass: 'organizationalUnit', ou: 'people' });
      await client.add(GROUPS, { objectClass: 'organizationalUnit', ou: 'groups' });
      for (const person of Object.values(PEOPLE_SEED)) {
        await client.add(personDn(person.uid), {
          objectClass: ['inetOrgPerson', 'extensibleObject'],
          uid: person.uid,
          cn: person.cn,
          sn: person.cn.split(' ')[1] ?? person.cn,
          mail: person.mail,
          userPassword: person.password,
          ...(person.uid === 'dave' ? { userAccountControl: '514' } : {}),
        });
      }
      await client.add(STAFF_GROUP, {
        objectClass: 'groupOfNames',
        cn: 'staff',
        member: [personDn('bob'), personDn('dave')],
      });
      await client.add(ADMINS_GROUP, {
        objectClass: 'groupOfNames',
        cn: 'oauth-admins',
        member: [personDn('alice'), STAFF_GROUP],
      });
    });
  }
}

function slapdConfig(home: string): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    // nis: msuser.schema's 'user' class needs homeDirectory; msuser: AD's userAccountControl.
    'include /etc/ldap/schema/nis.schema',
    'include /etc/ldap/schema/msuser.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    'moduleload refint',
    `pidfile ${join(home, 'slapd.pid')}`,
    `argsfile ${join(home, 'slapd.args')}`,
    'database mdb',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT.dn}"`,
    `rootpw ${ROOT.password}`,
    `directory ${join(home, 'data')}`,
    'maxsize 10485760',
    // Passwords: people bind with theirs; nobody reads them. The service account reads the rest; anonymous nothing.
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact="${SERVICE_ACCOUNT.dn}" read by self read by * none`,
    'overlay memberof',
    // As a real directory does: a renamed or deleted person's group memberships follow (referential integrity).
    'overlay refint',
    'refint_attributes member',
    '',
  ].join('\n');
}
