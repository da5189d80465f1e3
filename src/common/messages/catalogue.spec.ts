import { html } from '../html/html';
import { t, tHtml } from './catalogue';

describe('message catalogue', () => {
  it('fills placeholders, and leaves unknown ones visible', () => {
    expect(t('frame.signed-in-as', { name: 'Ada' })).toBe('Signed in as Ada');
    expect(t('frame.signed-in-as')).toBe('Signed in as {name}');
  });

  it('escapes the message and plain parameters in tHtml, but keeps SafeHtml parameters', () => {
    expect(tHtml('frame.signed-in-as', { name: html`<strong>${'<Ada>'}</strong>` }).value).toBe(
      'Signed in as <strong>&lt;Ada&gt;</strong>',
    );
    expect(tHtml('consent.cancelled', { app: '"x"<y>' }).value).toContain('&quot;x&quot;&lt;y&gt;');
  });
});
