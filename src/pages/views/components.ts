import { type SafeHtml, html } from '../../common/html/html';
import { t } from '../../common/messages/catalogue';
import type { FieldErrors } from '../form-validation';

/** Form controls and page pieces in Codex's CSS-only markup; every one works without JavaScript. */

export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  error?: string;
  help?: string;
  type?: 'text' | 'email' | 'url' | 'password' | 'search';
  required?: boolean;
  autocomplete?: string;
}

function field(options: FieldOptions, control: SafeHtml): SafeHtml {
  const id = `field-${options.name}`;
  return html`<div class="cdx-field${options.error ? ' cdx-field--status-error' : ''}">
    <label class="cdx-label" for="${id}">${options.label}</label>
    ${control}
    ${options.help ? html`<div class="cdx-field__help-text" id="${id}-help">${options.help}</div>` : ''}
    ${options.error ? html`<div class="cdx-field__validation-message" id="${id}-error">${options.error}</div>` : ''}
  </div>`;
}

function describedBy(options: { name: string; help?: string; error?: string }): string {
  const id = `field-${options.name}`;
  return [options.help ? `${id}-help` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
}

/** `aria-invalid` on a field with an error, and `aria-describedby` naming its help and error texts (WCAG 3.3.1). */
function invalidAndDescribed(options: FieldOptions): SafeHtml {
  const described = describedBy(options);
  return html`${options.error ? html`aria-invalid="true"` : ''} ${described ? html`aria-describedby="${described}"` : ''}`;
}

export function textField(options: FieldOptions): SafeHtml {
  return field(
    options,
    html`<div class="cdx-text-input">
      <input
        class="cdx-text-input__input"
        id="field-${options.name}"
        name="${options.name}"
        type="${options.type ?? 'text'}"
        value="${options.value ?? ''}"
        ${options.required ? html`required` : ''}
        ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
        ${invalidAndDescribed(options)}
      />
    </div>`,
  );
}

export function textArea(options: FieldOptions & { rows?: number }): SafeHtml {
  return field(
    options,
    html`<div class="cdx-text-area">
      <textarea
        class="cdx-text-area__textarea"
        id="field-${options.name}"
        name="${options.name}"
        rows="${options.rows ?? 4}"
        ${options.required ? html`required` : ''}
        ${invalidAndDescribed(options)}
      >
${options.value ?? ''}</textarea
      >
    </div>`,
  );
}

export function selectField(options: FieldOptions & { choices: { value: string; label: string }[] }): SafeHtml {
  return field(
    options,
    html`<select class="cdx-select" id="field-${options.name}" name="${options.name}" ${invalidAndDescribed(options)}>
      ${options.choices.map(
        (choice) =>
          html`<option value="${choice.value}" ${choice.value === options.value ? html`selected` : ''}>
            ${choice.label}
          </option>`,
      )}
    </select>`,
  );
}

export function checkbox(options: {
  name: string;
  value?: string;
  label: SafeHtml | string;
  checked?: boolean;
}): SafeHtml {
  const id = `field-${options.name}-${options.value ?? 'on'}`;
  return html`<div class="cdx-checkbox">
    <input
      id="${id}"
      type="checkbox"
      name="${options.name}"
      value="${options.value ?? 'true'}"
      ${options.checked ? html`checked` : ''}
    />
    <label for="${id}">${options.label}</label>
  </div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}" />`;
}

export function button(
  label: string,
  options: { kind?: 'primary' | 'destructive' | 'normal'; name?: string; value?: string } = {},
): SafeHtml {
  const kind =
    options.kind === 'primary'
      ? ' cdx-button--action-progressive cdx-button--weight-primary'
      : options.kind === 'destructive'
        ? ' cdx-button--action-destructive cdx-button--weight-primary'
        : '';
  return html`<button
    type="submit"
    class="cdx-button${kind}"
    ${options.name ? html`name="${options.name}" value="${options.value ?? ''}"` : ''}
  >
    ${label}
  </button>`;
}

export function notice(kind: 'notice' | 'error' | 'warning' | 'success', text: SafeHtml | string): SafeHtml {
  return html`<div class="cdx-message cdx-message--${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/**
 * The error summary at the top of a form that came back with errors (WCAG 2.2 SC 3.3.1 and 2.4.3): focused on
 * arrival, so a screen reader reads it first and the keyboard starts there, and each entry links to its field
 * (`#field-<name>`, the ids the fields above use). `labels` names the fields in form order; an error of a field
 * without a label still gets its entry.
 */
export function formErrors(errors: FieldErrors | undefined, labels: Record<string, string> = {}): SafeHtml | '' {
  const names = Object.keys(errors ?? {});
  if (!errors || names.length === 0) {
    return '';
  }
  const ordered = [
    ...Object.keys(labels).filter((name) => name in errors),
    ...names.filter((name) => !(name in labels)),
  ];
  return html`<div
    class="cdx-message cdx-message--error gh-error-summary"
    role="alert"
    aria-labelledby="gh-error-summary-title"
    tabindex="-1"
    autofocus
  >
    <h2 class="gh-error-summary__title" id="gh-error-summary-title">${t('form.errors')}</h2>
    <ul>
      ${ordered.map(
        (name) =>
          html`<li>
            <a href="#field-${name}"
              >${labels[name] ? t('form.error-entry', { field: labels[name], message: errors[name] }) : errors[name]}</a
            >
          </li>`,
      )}
    </ul>
  </div>`;
}

/**
 * A group of checkboxes or radios with its legend, help and inline error, as a Codex field. The fieldset carries the
 * id the error summary links to, and names its help and error for assistive technology.
 */
export function choiceGroup(
  options: { name: string; legend: string; help?: string; error?: string },
  choices: SafeHtml | SafeHtml[],
): SafeHtml {
  const id = `field-${options.name}`;
  return html`<fieldset
    class="cdx-field${options.error ? ' cdx-field--status-error' : ''}"
    id="${id}"
    tabindex="-1"
    ${describedBy(options) ? html`aria-describedby="${describedBy(options)}"` : ''}
  >
    <legend>${options.legend}</legend>
    ${options.help ? html`<div class="cdx-field__help-text" id="${id}-help">${options.help}</div>` : ''}
    ${choices}
    ${options.error ? html`<div class="cdx-field__validation-message" id="${id}-error">${options.error}</div>` : ''}
  </fieldset>`;
}

export function facts(rows: [string, SafeHtml | string | number | undefined][]): SafeHtml {
  return html`<dl class="gh-facts">
    ${rows
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
  </dl>`;
}

/** A link to the next page of a cursor-paged list, keeping the list's filters. */
export function pager(
  path: string,
  query: Record<string, string | undefined>,
  nextCursor: string | undefined,
): SafeHtml {
  const keep = Object.entries(query).filter(
    (entry): entry is [string, string] => Boolean(entry[1]) && entry[0] !== 'cursor',
  );
  const first = new URLSearchParams(keep).toString();
  return html`<nav class="gh-actions" aria-label="Pages">
    ${query.cursor ? html`<a class="cdx-button" href="${path}${first ? `?${first}` : ''}">${t('pager.first')}</a>` : ''}
    ${
      nextCursor
        ? html`<a class="cdx-button" href="${path}?${new URLSearchParams([...keep, ['cursor', nextCursor]]).toString()}"
          >${t('pager.next')}</a
        >`
        : ''
    }
  </nav>`;
}
