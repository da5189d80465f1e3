import { createHash } from 'node:crypto';
import { FORM_POST_POLICY, renderFormPost } from './form-post.page';

const page = (fields: [string, string][], action = 'https://app.example/cb?a=1&b=2') =>
  renderFormPost({ action, fields }, 'Alice');

/** The policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('renderFormPost', () => {
  it('posts the fields to the redirect URI, with a visible Continue button', () => {
    const rendered = page([
      ['code', 'abc'],
      ['state', 's1'],
      ['iss', 'https://auth.example'],
    ]);
    expect(rendered).toContain('<form id="gh-form-post" method="post" action="https://app.example/cb?a=1&amp;b=2">');
    expect(rendered).toContain('<input type="hidden" name="code" value="abc">');
    expect(rendered).toContain('<input type="hidden" name="state" value="s1">');
    expect(rendered).toContain('<input type="hidden" name="iss" value="https://auth.example">');
    expect(rendered).toMatch(/<button type="submit"[^>]*>Continue<\/button>/);
    expect(rendered).not.toMatch(/<button[^>]*hidden/);
    expect(rendered).toContain('Sending the answer back to app.example.');
    expect(rendered).toContain('Signed in as <a href="/account/security"><strong>Alice</strong></a>');
  });

  it('escapes every value, so a state cannot break out of its attribute', () => {
    const rendered = page(
      [
        ['error_description', 'a <b> & "c"'],
        ['state', `"><script>alert('x')</script>`],
      ],
      'https://app.example/cb?x="><script>y</script>',
    );
    expect(rendered).toContain('value="a &lt;b&gt; &amp; &quot;c&quot;"');
    expect(rendered).toContain('value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"');
    expect(rendered).toContain('action="https://app.example/cb?x=&quot;&gt;&lt;script&gt;y&lt;/script&gt;"');
    expect(rendered.match(/<script/g)).toHaveLength(1);
  });

  it('runs no script but the one the policy names by hash', () => {
    const scripts = [...page([['code', 'abc']]).matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
    expect(scripts).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`;
    expect(directives(FORM_POST_POLICY).get('script-src')).toEqual([hash]);
  });
});

describe('FORM_POST_POLICY', () => {
  it('allows the stylesheet and posting to http(s), and nothing else', () => {
    const policy = directives(FORM_POST_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(['http:', 'https:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });
});
