import { Test } from '@nestjs/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/app-config';
import { GrantCatalogue } from './grant-catalogue';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-grants-'));
const grantsFile = (content: unknown) => {
  const path = join(dir, `${Math.random()}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const reports = {
  name: 'reports',
  group: 'company',
  risk: 'low',
  rights: ['reports.read'],
  description: 'Read reports',
};
const builtIn = new GrantCatalogue({ files: {} });

describe('GrantCatalogue built-in grants (reference §6.1, §6.2)', () => {
  it("lists MediaWiki's grants in its order, then OpenID Connect's scopes, the OAuth ones and introspect", () => {
    expect(builtIn.all().map((grant) => grant.name)).toEqual([
      'basic',
      'highvolume',
      'import',
      'editpage',
      'editprotected',
      'editmycssjs',
      'editmyoptions',
      'editinterface',
      'editsiteconfig',
      'createeditmovepage',
      'uploadfile',
      'uploadeditmovefile',
      'patrol',
      'rollback',
      'blockusers',
      'viewdeleted',
      'viewrestrictedlogs',
      'delete',
      'oversight',
      'protect',
      'viewmywatchlist',
      'editmywatchlist',
      'sendemail',
      'createaccount',
      'privateinfo',
      'mergehistory',
      'mwoauth-authonly',
      'mwoauth-authonlyprivate',
      'openid',
      'profile',
      'email',
      'offline_access',
      'oauthmanageownclient',
      'introspect',
      'token-exchange',
    ]);
  });

  it('gives every grant a group, a known risk, a description and no duplicate rights', () => {
    for (const grant of builtIn.all()) {
      expect(grant.group, grant.name).toMatch(/^[a-z-]+$/);
      expect(['low', 'vandalism', 'security', 'internal'], grant.name).toContain(grant.risk);
      expect(grant.description, grant.name).not.toBe('');
      expect(new Set(grant.rights).size, grant.name).toBe(grant.rights.length);
    }
  });

  it.each([
    ['basic', 'hidden', 'low', 9],
    ['highvolume', 'high-volume', 'low', 4],
    ['editsiteconfig', 'administration', 'security', 12],
    ['delete', 'administration', 'vandalism', 13],
    ['protect', 'administration', 'vandalism', 7],
    ['editmywatchlist', 'watchlist-interaction', 'low', 1],
    ['mwoauth-authonly', 'authonly', 'low', 0],
    ['mwoauth-authonlyprivate', 'authonly', 'low', 0],
    ['oauthmanageownclient', 'administration', 'internal', 3],
    ['introspect', 'administration', 'security', 0],
    ['token-exchange', 'administration', 'security', 0],
  ])('defines %s in group %s with risk %s and %i rights', (name, group, risk, count) => {
    expect(builtIn.get(name)).toMatchObject({ group, risk });
    expect(builtIn.get(name)?.rights).toHaveLength(count);
  });

  it('expands the "edit set" and "editinterface rights +" of the reference', () => {
    expect(builtIn.get('protect')?.rights).toEqual([
      'edit',
      'minoredit',
      'applychangetags',
      'changetags',
      'editcontentmodel',
      'editprotected',
      'protect',
    ]);
    expect(builtIn.get('editsiteconfig')?.rights).toEqual([
      ...(builtIn.get('editinterface')?.rights ?? []),
      'editusercss',
      'edituserjs',
      'editsitecss',
      'editsitejs',
    ]);
  });

  it('says that introspect reaches every token', () => {
    expect(builtIn.get('introspect')?.description).toMatch(/every token/);
  });

  it('has basic as its only hidden grant', () => {
    expect(builtIn.hiddenGrants()).toEqual(['basic']);
  });

  it('names unknown grants', () => {
    expect(builtIn.unknown(['basic', 'nope', 'editpage', 'Basic'])).toEqual(['nope', 'Basic']);
    expect(builtIn.get('nope')).toBeUndefined();
  });

  it('recognises identity-only grant sets', () => {
    expect(builtIn.authOnlyGrants).toEqual(['mwoauth-authonly', 'mwoauth-authonlyprivate']);
    expect(builtIn.isAuthOnly(['mwoauth-authonly'])).toBe(true);
    expect(builtIn.isAuthOnly(['mwoauth-authonlyprivate'])).toBe(true);
    expect(builtIn.isAuthOnly(['basic', 'mwoauth-authonly'])).toBe(false);
    expect(builtIn.isAuthOnly(['basic'])).toBe(false);
    expect(builtIn.isAuthOnly([])).toBe(false);
    expect(builtIn.isAuthOnly(['openid'])).toBe(false);
  });

  it("counts OpenID Connect's scopes as identity-only too, without the hidden grants", () => {
    expect(builtIn.isIdentityOnly(['openid', 'profile', 'email', 'offline_access'])).toBe(true);
    expect(builtIn.isIdentityOnly(['mwoauth-authonly'])).toBe(true);
    expect(builtIn.isIdentityOnly(['openid', 'editpage'])).toBe(false);
    expect(builtIn.isIdentityOnly([])).toBe(false);
    for (const scope of ['openid', 'profile', 'email', 'offline_access']) {
      expect(builtIn.get(scope)).toMatchObject({ group: 'openid', rights: [] });
    }
  });

  it('unions the rights of known grants', () => {
    expect([...builtIn.rightsOf(['patrol', 'rollback', 'patrol', 'nope'])]).toEqual(['patrol', 'rollback']);
    expect(builtIn.rightsOf(['mwoauth-authonly', 'introspect']).size).toBe(0);
  });

  it('does not let a caller change the shared definitions', () => {
    const rights = builtIn.get('patrol')?.rights as string[];
    expect(() => rights.push('block')).toThrow(TypeError);
    expect(builtIn.rightsOf(['patrol'])).toEqual(new Set(['patrol']));
  });
});

describe('GrantCatalogue with GRANTS_FILE', () => {
  const load = (content: unknown) => new GrantCatalogue({ files: { grants: grantsFile(content) } });

  it('extends: adds grants at the end and overrides built-in ones in place', () => {
    const catalogue = load({
      mode: 'extend',
      grants: [reports, { ...reports, name: 'patrol', rights: ['patrol', 'patrolmarks'], description: 'Patrol' }],
    });
    const names = catalogue.all().map((grant) => grant.name);
    expect(names.at(-1)).toBe('reports');
    expect(names.indexOf('patrol')).toBe(12);
    expect(catalogue.get('patrol')).toMatchObject({ group: 'company', rights: ['patrol', 'patrolmarks'] });
    expect(catalogue.get('editpage')).toEqual(builtIn.get('editpage'));
    expect(catalogue.rightsOf(['reports'])).toEqual(new Set(['reports.read']));
  });

  it('replaces: only the file grants, in its order', () => {
    const authOnly = { group: 'authonly', risk: 'low', rights: [], description: 'Identity only' };
    const catalogue = load({
      mode: 'replace',
      grants: [
        { name: 'basic', group: 'hidden', risk: 'low', rights: ['read'], description: 'Read' },
        reports,
        { ...authOnly, name: 'mwoauth-authonly' },
        { ...authOnly, name: 'mwoauth-authonlyprivate' },
      ],
    });
    expect(catalogue.all().map((grant) => grant.name)).toEqual([
      'basic',
      'reports',
      'mwoauth-authonly',
      'mwoauth-authonlyprivate',
    ]);
    expect(catalogue.unknown(['editpage', 'introspect'])).toEqual(['editpage', 'introspect']);
    expect(catalogue.hiddenGrants()).toEqual(['basic']);
  });

  it('stops module start-up with an error naming GRANTS_FILE', async () => {
    const path = grantsFile({ mode: 'extend', grants: [{ ...reports, risk: 'extreme' }] });
    const building = Test.createTestingModule({
      providers: [GrantCatalogue, { provide: APP_CONFIG, useValue: { files: { grants: path } } }],
    }).compile();
    await expect(building).rejects.toThrow(/^GRANTS_FILE grant #1: unknown risk "extreme" of reports/);
  });
});
