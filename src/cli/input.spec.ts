import { CommandError } from './command-error';
import { groupList, instant, reason } from './input';

describe('command input', () => {
  it.each([
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T08:30Z', '2026-12-01T08:30:00.000Z'],
    ['2026-12-01T08:30:15.250+01:00', '2026-12-01T07:30:15.250Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(instant(text, '--since').toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '2026-12-01T08:30:00', '2026-12-01T25:00Z', '1733011200', ''])(
    'refuses %j, naming the option',
    (text) => {
      expect(() => instant(text, '--until')).toThrow(CommandError);
      expect(() => instant(text, '--until')).toThrow(/^--until takes an ISO 8601 date/);
    },
  );

  it('wants a reason that says something', () => {
    expect(reason('  leaked secret ')).toBe('leaked secret');
    expect(() => reason(' \t')).toThrow('--reason may not be empty');
  });

  it('splits groups, "" being none', () => {
    expect(groupList(' sysop, ,oauthadmin ')).toEqual(['sysop', 'oauthadmin']);
    expect(groupList('')).toEqual([]);
  });
});
