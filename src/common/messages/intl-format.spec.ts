import { formatDateTime, formatNumber } from './intl-format';
import { type LanguageContext, runWithLanguage } from './language-context';

const MOMENT = new Date('2026-03-04T05:06:00Z');

function within<T>(context: Partial<LanguageContext>, render: () => T): T {
  return runWithLanguage({ fallback: 'en', ...context }, render);
}

// Whitespace inside ICU's patterns (a narrow no-break space before AM) varies with the ICU version: matched as \s.
describe('Intl dates and numbers', () => {
  it('writes a moment in the language, in UTC when the viewer chose no time zone', () => {
    expect(within({}, () => formatDateTime(MOMENT))).toMatch(/^Mar 4, 2026, 05:06\sAM UTC$/);
    expect(within({ requested: 'ja' }, () => formatDateTime(MOMENT))).toMatch(/^2026年3月4日 05:06 UTC$/);
  });

  it("writes it in the viewer's time zone when they chose one", () => {
    const viewer = { gender: 'unknown' as const, timeZone: 'Asia/Tokyo' };
    expect(within({ viewer }, () => formatDateTime(MOMENT))).toMatch(/^Mar 4, 2026, 02:06\sPM GMT\+9$/);
    expect(within({ viewer, requested: 'ja' }, () => formatDateTime(MOMENT))).toMatch(/^2026年3月4日 14:06 JST$/);
  });

  it('groups digits as the language does', () => {
    expect(within({}, () => formatNumber(1234567))).toBe('1,234,567');
    expect(within({ requested: 'he' }, () => formatNumber(1234567.5))).toBe('1,234,567.5');
  });
});
