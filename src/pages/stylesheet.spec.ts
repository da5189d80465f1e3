import { buildStylesheet } from './stylesheet';

describe('stylesheet', () => {
  it('uses logical properties only, so right-to-left pages mirror', () => {
    // Gatehouse's own rules follow Codex's tokens, whose first rule styles the body.
    const sheet = buildStylesheet();
    const rules = sheet.slice(sheet.indexOf('\nbody{'));
    expect(rules).toContain('margin-inline-start:auto');
    expect(rules).not.toMatch(
      /(margin|padding|border)-(left|right)\b|text-align:\s*(left|right)|float:\s*(left|right)/,
    );
    expect(rules).not.toMatch(/[{;](left|right):/);
  });
});
