import { escapeHtml, html } from './html';

describe('html', () => {
  it('escapes interpolated text', () => {
    expect(html`<p>${'<script>alert("x")</script>'}</p>`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
  });

  it('keeps nested safe fragments and drops empty values', () => {
    const items = ['a&b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${undefined}${false}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});
