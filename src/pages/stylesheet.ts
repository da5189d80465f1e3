import { readFileSync } from 'node:fs';

/**
 * Gatehouse's own rules, written against Codex's design tokens (the CSS custom properties of
 * `@wikimedia/codex-design-tokens`) and Codex's CSS-only component classes (`cdx-button`, `cdx-text-input`,
 * `cdx-message`, …), so the pages look like MediaWiki's without shipping Vue. Narrow screens get one column.
 * Logical properties only (`margin-inline-start`, `text-align: start`), so `dir="rtl"` pages mirror.
 */
const RULES = `
body{margin:0;font-family:var(--font-family-system-sans);font-size:var(--font-size-medium);line-height:var(--line-height-medium);color:var(--color-base);background:var(--background-color-interactive-subtle)}
a{color:var(--color-progressive)}
a:visited{color:var(--color-visited)}
.gh-header{display:flex;flex-wrap:wrap;align-items:center;gap:var(--spacing-75) var(--spacing-150);padding:var(--spacing-75) var(--spacing-150);background:var(--background-color-base);border-block-end:var(--border-width-base) solid var(--border-color-base)}
.gh-brand{font-weight:var(--font-weight-bold);font-size:var(--font-size-large);color:var(--color-base)!important;text-decoration:none}
.gh-nav{display:flex;flex-wrap:wrap;gap:var(--spacing-50) var(--spacing-100);flex:1}
.gh-nav a{text-decoration:none;color:var(--color-progressive)}
.gh-badge{display:inline-block;min-width:1.25em;padding:0 .4em;border-radius:var(--border-radius-pill);background:var(--background-color-destructive);color:var(--color-inverted);font-size:var(--font-size-small);font-weight:var(--font-weight-bold);text-align:center}
.gh-account{display:flex;align-items:center;gap:var(--spacing-50);margin-inline-start:auto}
.gh-inline{display:inline;margin:0}
.gh-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.gh-main{max-width:60rem;margin:var(--spacing-200) auto;padding:var(--spacing-150);background:var(--background-color-base);border:var(--border-width-base) solid var(--border-color-subtle);border-radius:var(--border-radius-base)}
.gh-main--narrow{max-width:32rem}
h1{font-family:var(--font-family-serif);font-weight:var(--font-weight-normal);font-size:var(--font-size-xx-large);margin:0 0 var(--spacing-100)}
h2{font-size:var(--font-size-x-large);margin:var(--spacing-150) 0 var(--spacing-75)}
.cdx-button{display:inline-flex;align-items:center;justify-content:center;min-height:32px;padding:0 var(--spacing-75);border:var(--border-width-base) solid var(--border-color-interactive);border-radius:var(--border-radius-base);background:var(--background-color-interactive-subtle);color:var(--color-base);font:inherit;font-weight:var(--font-weight-bold);cursor:pointer;text-decoration:none}
.cdx-button:hover{background:var(--background-color-interactive-subtle--hover)}
.cdx-button--action-progressive.cdx-button--weight-primary{background:var(--background-color-progressive);border-color:var(--border-color-progressive);color:var(--color-inverted-fixed)}
.cdx-button--action-destructive.cdx-button--weight-primary{background:var(--background-color-destructive);border-color:var(--border-color-destructive);color:var(--color-inverted-fixed)}
.cdx-button--weight-quiet{background:transparent;border-color:transparent}
.cdx-field{margin:0 0 var(--spacing-100)}
.cdx-label{display:block;font-weight:var(--font-weight-bold);margin-block-end:var(--spacing-25)}
.cdx-field__help-text{color:var(--color-subtle);font-size:var(--font-size-small);margin-block-start:var(--spacing-25)}
.cdx-text-input__input,.cdx-text-area__textarea,.cdx-select{box-sizing:border-box;width:100%;min-height:32px;padding:var(--spacing-25) var(--spacing-50);border:var(--border-width-base) solid var(--border-color-interactive);border-radius:var(--border-radius-base);font:inherit;color:var(--color-base);background:var(--background-color-base)}
.cdx-text-area__textarea{min-height:6em;font-family:var(--font-family-monospace, monospace)}
.cdx-field--status-error .cdx-text-input__input,.cdx-field--status-error .cdx-text-area__textarea,.cdx-field--status-error .cdx-select{border-color:var(--border-color-error)}
.cdx-field__validation-message{color:var(--color-error);font-size:var(--font-size-small);margin-block-start:var(--spacing-25)}
.cdx-checkbox{display:flex;gap:var(--spacing-50);align-items:flex-start;margin:var(--spacing-25) 0}
.cdx-checkbox input{margin-block-start:.3em}
fieldset{border:var(--border-width-base) solid var(--border-color-subtle);border-radius:var(--border-radius-base);margin:0 0 var(--spacing-100);padding:var(--spacing-75)}
legend{font-weight:var(--font-weight-bold);padding:0 var(--spacing-25)}
.cdx-message{display:block;padding:var(--spacing-75) var(--spacing-100);margin:0 0 var(--spacing-100);border:var(--border-width-base) solid var(--border-color-notice);border-radius:var(--border-radius-base);background:var(--background-color-notice-subtle)}
.cdx-message--error{border-color:var(--border-color-error);background:var(--background-color-error-subtle)}
.cdx-message--warning{border-color:var(--border-color-warning);background:var(--background-color-warning-subtle)}
.cdx-message--success{border-color:var(--border-color-success);background:var(--background-color-success-subtle)}
.cdx-table{width:100%;border-collapse:collapse;margin:0 0 var(--spacing-100)}
.cdx-table th,.cdx-table td{text-align:start;vertical-align:top;padding:var(--spacing-50);border-block-end:var(--border-width-base) solid var(--border-color-subtle)}
.cdx-table th{background:var(--background-color-interactive-subtle)}
.gh-facts{display:grid;grid-template-columns:max-content 1fr;gap:var(--spacing-25) var(--spacing-100);margin:0 0 var(--spacing-100)}
.gh-facts dt{font-weight:var(--font-weight-bold)}
.gh-facts dd{margin:0;overflow-wrap:anywhere}
.gh-actions{display:flex;flex-wrap:wrap;gap:var(--spacing-50);margin:var(--spacing-100) 0}
.gh-filters{display:flex;flex-wrap:wrap;gap:var(--spacing-75);align-items:flex-end}
.gh-filters .cdx-field{flex:1 1 10rem}
.gh-secret{display:flex;gap:var(--spacing-50);align-items:center}
.gh-secret code,code.gh-code{display:block;flex:1;padding:var(--spacing-50);background:var(--background-color-interactive-subtle);border:var(--border-width-base) solid var(--border-color-subtle);border-radius:var(--border-radius-base);overflow-wrap:anywhere;font-family:var(--font-family-monospace, monospace)}
.gh-stage{display:inline-block;padding:0 var(--spacing-50);border-radius:var(--border-radius-pill);background:var(--background-color-interactive-subtle);font-size:var(--font-size-small)}
.gh-unread{font-weight:var(--font-weight-bold)}
.gh-notifications{list-style:none;margin:0;padding:0}.gh-notification{display:flex;flex-wrap:wrap;gap:var(--spacing-25) var(--spacing-75);align-items:baseline;padding:var(--spacing-75) 0;border-block-end:var(--border-width-base) solid var(--border-color-subtle)}
/* Accessibility (WCAG 2.2 AA, docs/accessibility.md): a 2px focus ring on every control, Codex's focus blue (#36c,
   5.4:1 on white, SC 1.4.11 and 2.4.7), with a white inner line on filled buttons; the error summary. */
:focus-visible{outline:var(--border-width-thick) solid var(--outline-color-progressive--focus);outline-offset:2px}
.cdx-button:focus-visible{box-shadow:inset 0 0 0 var(--border-width-base) var(--background-color-base)}
.gh-error-summary:focus{outline:var(--border-width-thick) solid var(--outline-color-progressive--focus);outline-offset:2px}
.gh-error-summary__title{font-size:var(--font-size-large);margin:0 0 var(--spacing-50)}
.gh-error-summary ul{margin:0;padding-inline-start:var(--spacing-150)}
@media (max-width:640px){.gh-main{margin:0;border:0;border-radius:0;padding:var(--spacing-100)}.gh-facts{grid-template-columns:1fr}.cdx-table thead{display:none}.cdx-table tr{display:block;border-block-end:var(--border-width-base) solid var(--border-color-base)}.cdx-table td{display:block;border:0}}
`;

/** The one stylesheet: Codex's tokens followed by Gatehouse's rules, read once at start-up. */
export function buildStylesheet(): string {
  const tokens = readFileSync(require.resolve('@wikimedia/codex-design-tokens/theme-wikimedia-ui.css'), 'utf8');
  return `${tokens}\n${RULES.trim()}\n`;
}
