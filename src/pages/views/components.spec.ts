import { html } from '../../common/html/html';
import { checkbox, choiceGroup, formErrors, selectField, textField } from './components';

describe('form components (WCAG 2.2 SC 3.3.1, 1.3.1)', () => {
  it('sums up the errors in form order, each linked to its field and named by its label', () => {
    const summary = formErrors(
      { grants: 'Choose a grant.', name: 'This field is required.', extra: 'Something else.' },
      { name: 'Application name', grants: 'Grants' },
    );
    const markup = summary === '' ? '' : summary.value;
    const entries = [...markup.matchAll(/<a href="#field-(\w+)"\s*>([^<]*)<\/a/g)].map(([, id, text]) => [id, text]);
    expect(entries).toEqual([
      ['name', 'Application name: This field is required.'],
      ['grants', 'Grants: Choose a grant.'],
      ['extra', 'Something else.'],
    ]);
    expect(markup).toMatch(/role="alert"[^>]*aria-labelledby="gh-error-summary-title"[^>]*tabindex="-1"[^>]*autofocus/);
    expect(markup).toContain('<h2 class="gh-error-summary__title" id="gh-error-summary-title">');
  });

  it('shows no summary without errors', () => {
    expect(formErrors(undefined)).toBe('');
    expect(formErrors({}, { name: 'Name' })).toBe('');
  });

  it('marks a field with an error invalid and describes it by its help and error', () => {
    const field = textField({ name: 'version', label: 'Version', help: 'Like 1.0', error: 'Required.' }).value;
    expect(field).toContain('id="field-version"');
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('aria-describedby="field-version-help field-version-error"');
    expect(field).toContain('<div class="cdx-field__validation-message" id="field-version-error">Required.</div>');
    const select = selectField({ name: 'method', label: 'Method', error: 'Pick one.', choices: [] }).value;
    expect(select).toContain('aria-invalid="true"');
    expect(select).toContain('aria-describedby="field-method-error"');
  });

  it('leaves a valid field without aria-invalid or an empty aria-describedby', () => {
    const field = textField({ name: 'name', label: 'Name' }).value;
    expect(field).not.toContain('aria-invalid');
    expect(field).not.toContain('aria-describedby');
  });

  it('groups choices in a fieldset the summary can link to, described by its help and error', () => {
    const group = choiceGroup({ name: 'grants', legend: 'Grants', help: 'What it may do', error: 'Choose one.' }, [
      checkbox({ name: 'grants', value: 'basic', label: 'Basic' }),
      html`<p>more</p>`,
    ]).value;
    expect(group).toMatch(
      /<fieldset[^>]*id="field-grants"[^>]*aria-describedby="field-grants-help field-grants-error"/,
    );
    expect(group).toContain('<legend>Grants</legend>');
    expect(group).toContain('id="field-grants-error"');
  });
});
