import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../../test/support/config-problems';
import { loadConfig } from './load-config';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-ldap-config-'));
const directory = { DATA_DIR: dataDir, LDAP_URL: 'ldap://ldap.example.org:389', LDAP_USER_BASE: 'ou=people,dc=x' };

function problemsOf(env: Record<string, string>): string[] {
  return configProblems(() => loadConfig({ ...directory, ...env }));
}

describe('LDAP configuration', () => {
  it('is absent without LDAP_URL', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).ldap).toBeUndefined();
  });

  it('has defaults for everything but the URL and the user base', () => {
    expect(loadConfig(directory).ldap).toEqual({
      url: 'ldap://ldap.example.org:389',
      bindDn: undefined,
      bindPassword: undefined,
      userBase: 'ou=people,dc=x',
      userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
      attributes: { name: 'uid', email: 'mail', realName: 'cn' },
      idAttribute: 'entryUUID',
      groupBase: undefined,
      groupMap: {},
      startTls: false,
      ca: undefined,
      syncInterval: 900,
    });
  });

  it('reads the bind password from a file, and maps groups by DN whatever their case', () => {
    const file = join(dataDir, 'bind-password');
    writeFileSync(file, 's3cret\n');
    const ldap = loadConfig({
      ...directory,
      LDAP_BIND_PASSWORD_FILE: file,
      LDAP_GROUP_MAP: '{"CN=Admins,OU=Groups,DC=x":"oauthadmin"}',
      LDAP_ATTRIBUTES: '{"name":"sAMAccountName"}',
      LDAP_SYNC_INTERVAL: 'PT5M',
    }).ldap;
    expect(ldap?.bindPassword).toBe('s3cret');
    expect(ldap?.groupMap).toEqual({ 'cn=admins,ou=groups,dc=x': 'oauthadmin' });
    expect(ldap?.attributes).toEqual({ name: 'sAMAccountName', email: 'mail', realName: 'cn' });
    expect(ldap?.syncInterval).toBe(300);
  });

  it('stops start-up naming each bad variable, never echoing the bind password', () => {
    const problems = problemsOf({
      LDAP_URL: 'http://ldap.example.org',
      LDAP_USER_FILTER: '(uid=alice)',
      LDAP_ATTRIBUTES: '{"name":',
      LDAP_GROUP_MAP: '{"cn=a":"no spaces allowed"}',
      LDAP_SYNC_INTERVAL: 'hourly',
      LDAP_STARTTLS: 'maybe',
    });
    for (const variable of ['LDAP_URL', 'LDAP_USER_FILTER', 'LDAP_SYNC_INTERVAL', 'LDAP_STARTTLS']) {
      expect(problems.join('\n')).toContain(variable);
    }
    expect(problemsOf({ LDAP_ATTRIBUTES: '{"name":' }).join()).toContain('LDAP_ATTRIBUTES');
    expect(problemsOf({ LDAP_GROUP_MAP: '{"cn=a":"no spaces"}' }).join()).toContain('LDAP_GROUP_MAP');
    expect(problemsOf({ LDAP_ATTRIBUTES: '{"phone":"tel"}' }).join()).toContain('LDAP_ATTRIBUTES');
    expect(problemsOf({ LDAP_USER_BASE: '', LDAP_URL: 'ldap://h:389' }).join()).toContain('LDAP_USER_BASE');
    expect(problemsOf({ LDAP_CA_FILE: '/nonexistent/ca.pem' }).join()).toContain('LDAP_CA_FILE');
    expect(problemsOf({ LDAP_URL: 'ldaps://h:636', LDAP_STARTTLS: 'true' }).join()).toContain('LDAP_STARTTLS');
    const both = problemsOf({
      LDAP_BIND_PASSWORD: 'hunter2-secret',
      LDAP_BIND_PASSWORD_FILE: '/x',
    });
    expect(both.join()).toContain('LDAP_BIND_PASSWORD_FILE');
    expect(both.join()).not.toContain('hunter2-secret');
  });
});
