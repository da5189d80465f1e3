import { effectiveRights } from './effective-rights';
import { GrantCatalogue } from './grant-catalogue';

const catalogue = new GrantCatalogue({ files: {} });
const sorted = (rights: Set<string>) => [...rights].sort();

describe('effectiveRights (DESIGN §7: user rights ∩ rights of the grants)', () => {
  it('keeps the user rights that a grant carries', () => {
    const rights = effectiveRights(
      ['edit', 'read', 'block', 'mwoauthmanageconsumer'],
      ['basic', 'editpage'],
      catalogue,
    );
    expect(sorted(rights)).toEqual(['edit', 'read']);
  });

  it('never adds a right the user lacks, however broad the grants', () => {
    const everyGrant = catalogue.all().map((grant) => grant.name);
    expect(sorted(effectiveRights(['read'], everyGrant, catalogue))).toEqual(['read']);
    expect(effectiveRights([], everyGrant, catalogue).size).toBe(0);
  });

  it('gives nothing for no grants', () => {
    expect(effectiveRights(['read', 'edit'], [], catalogue).size).toBe(0);
  });

  it('gives nothing for the auth-only grants, not even read', () => {
    const user = ['read', 'edit', 'viewmyprivateinfo', 'mwoauthproposeconsumer'];
    expect(effectiveRights(user, ['mwoauth-authonly'], catalogue).size).toBe(0);
    expect(effectiveRights(user, ['mwoauth-authonlyprivate'], catalogue).size).toBe(0);
  });

  it('gives nothing for unknown grants, and ignores them beside known ones', () => {
    expect(effectiveRights(['read', 'edit'], ['no-such-grant'], catalogue).size).toBe(0);
    expect(sorted(effectiveRights(['read', 'edit'], ['no-such-grant', 'basic'], catalogue))).toEqual(['read']);
  });

  it('takes the union of several grants', () => {
    const user = ['upload', 'patrol', 'rollback', 'delete'];
    expect(sorted(effectiveRights(user, ['uploadfile', 'patrol', 'rollback'], catalogue))).toEqual([
      'patrol',
      'rollback',
      'upload',
    ]);
  });

  it('lets oauthmanageownclient reach exactly the self-service consumer rights', () => {
    const sysop = [
      'mwoauthproposeconsumer',
      'mwoauthupdateownconsumer',
      'mwoauthmanagemygrants',
      'mwoauthmanageconsumer',
    ];
    expect(sorted(effectiveRights(sysop, ['basic', 'oauthmanageownclient'], catalogue))).toEqual([
      'mwoauthmanagemygrants',
      'mwoauthproposeconsumer',
      'mwoauthupdateownconsumer',
    ]);
  });

  it('does not count a right twice or keep duplicates of the user list', () => {
    const rights = effectiveRights(['edit', 'edit', 'protect'], ['editpage', 'protect', 'delete'], catalogue);
    expect(sorted(rights)).toEqual(['edit', 'protect']);
  });

  it('accepts any iterable of user rights, such as a Set', () => {
    expect(sorted(effectiveRights(new Set(['read', 'bot']), ['basic', 'highvolume'], catalogue))).toEqual([
      'bot',
      'read',
    ]);
  });

  it('follows a catalogue changed by GRANTS_FILE', () => {
    const custom = {
      rightsOf: (grants: readonly string[]) => new Set(grants.includes('reports') ? ['reports.read'] : []),
    };
    expect(sorted(effectiveRights(['reports.read', 'read'], ['reports'], custom))).toEqual(['reports.read']);
  });
});
