import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyGrantsFile, loadGrants } from './grants-file';

const reports = {
  name: 'reports',
  group: 'company',
  risk: 'low',
  rights: ['reports.read'],
  description: 'Read reports',
};
const extend = (...grants: unknown[]) => ({ mode: 'extend', grants });

describe('GRANTS_FILE validation', () => {
  it.each([
    ['not an object', [reports], /^GRANTS_FILE must hold an object/],
    ['no grants list', { mode: 'extend' }, /^GRANTS_FILE must hold an object/],
    ['an unknown top-level field', { mode: 'extend', grants: [], extra: 1 }, /^GRANTS_FILE must hold an object/],
    [
      'an unknown mode',
      { mode: 'merge', grants: [] },
      /^GRANTS_FILE mode must be "extend" or "replace" \(got "merge"\)/,
    ],
    ['no mode', { grants: [], other: 1 }, /^GRANTS_FILE must hold an object/],
    ['a grant that is not an object', extend('reports'), /^GRANTS_FILE grant #1: must be an object/],
    [
      'a missing field',
      extend({ name: 'reports', group: 'company', risk: 'low', rights: [] }),
      /^GRANTS_FILE grant #1: must have exactly/,
    ],
    ['an extra field', extend({ ...reports, scope: 'x' }), /^GRANTS_FILE grant #1: must have exactly/],
    ['an upper-case name', extend({ ...reports, name: 'Reports' }), /^GRANTS_FILE grant #1: name "Reports" must match/],
    ['a name with a space', extend({ ...reports, name: 'a b' }), /^GRANTS_FILE grant #1: name "a b" must match/],
    ['a too long name', extend({ ...reports, name: 'a'.repeat(65) }), /^GRANTS_FILE grant #1: name "a+" must match/],
    ['a bad group', extend({ ...reports, group: '' }), /^GRANTS_FILE grant #1: group "" of reports must match/],
    ['an unknown risk', extend({ ...reports, risk: 'high' }), /^GRANTS_FILE grant #1: unknown risk "high" of reports/],
    ['rights not a list', extend({ ...reports, rights: 'read' }), /^GRANTS_FILE grant #1: rights of reports must/],
    ['a right with a space', extend({ ...reports, rights: ['a b'] }), /^GRANTS_FILE grant #1: rights of reports must/],
    ['an empty description', extend({ ...reports, description: ' ' }), /^GRANTS_FILE grant #1: description of reports/],
    ['a grant defined twice', extend(reports, reports), /^GRANTS_FILE defines the grant reports twice/],
    [
      'a replace without the grants the protocols need',
      { mode: 'replace', grants: [reports, { ...reports, name: 'mwoauth-authonly', rights: [] }] },
      /^GRANTS_FILE must define the grants basic, mwoauth-authonlyprivate/,
    ],
    [
      'basic moved out of the hidden group',
      extend({ ...reports, name: 'basic' }),
      /^GRANTS_FILE must keep the grant basic in the group hidden/,
    ],
    [
      'rights on an auth-only grant',
      extend({ ...reports, name: 'mwoauth-authonlyprivate', group: 'authonly' }),
      /^GRANTS_FILE grant mwoauth-authonlyprivate must carry no rights/,
    ],
  ])('refuses %s', (_problem, content, message) => {
    expect(() => applyGrantsFile(content)).toThrow(message);
  });

  it('names the file when it is no longer readable JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gatehouse-grants-')), 'grants.json');
    writeFileSync(path, '{ "mode": ');
    expect(() => loadGrants(path)).toThrow(new RegExp(`^GRANTS_FILE ${path} cannot be read as JSON`));
  });

  it('removes duplicate rights within a grant', () => {
    const grants = applyGrantsFile(extend({ ...reports, rights: ['reports.read', 'reports.read'] }));
    expect(grants.find((grant) => grant.name === 'reports')?.rights).toEqual(['reports.read']);
  });

  it('accepts an extend with no grants: the built-in catalogue', () => {
    expect(applyGrantsFile(extend())).toEqual(loadGrants(undefined));
  });
});
