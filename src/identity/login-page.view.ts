import { type SafeHtml, html } from '../common/html/html';
import { layout } from '../common/html/layout';
import { t } from '../common/messages/catalogue';

export interface LoginView {
  csrf: string;
  returnTo: string;
  error?: string;
  username?: string;
  /** Show the recovery-code field: the account was throttled, and a recovery code still lets its owner in. */
  offerRecovery?: boolean;
  /** Upstream OpenID Providers: one "Sign in with …" button each (issue 22 §2). */
  upstreams: { name: string; displayName: string }[];
}

export function renderLogin(view: LoginView): string {
  return layout(
    t('sign-in.title'),
    html`${view.error ? html`<p class="cdx-message cdx-message--error" role="alert">${view.error}</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="csrf" value="${view.csrf}" />
        <input type="hidden" name="returnTo" value="${view.returnTo}" />
        <div class="cdx-field">
          <label class="cdx-label" for="username">${t('sign-in.user-name')}</label>
          <input
            class="cdx-text-input__input"
            type="text"
            id="username"
            name="username"
            value="${view.username ?? ''}"
            autocomplete="username"
            required
            autofocus
          />
        </div>
        <div class="cdx-field">
          <label class="cdx-label" for="password">${t('sign-in.password')}</label>
          <input
            class="cdx-text-input__input"
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            required
          />
        </div>
        ${
          view.offerRecovery
            ? html`<div class="cdx-field">
              <label class="cdx-label" for="recoveryCode">${t('sign-in.recovery-code')}</label>
              <p class="cdx-field__help-text" id="recoveryCode-help">${t('sign-in.recovery-code-help')}</p>
              <input
                class="cdx-text-input__input"
                type="text"
                id="recoveryCode"
                name="recoveryCode"
                autocomplete="off"
                aria-describedby="recoveryCode-help"
              />
            </div>`
            : ''
        }
        <button type="submit" class="cdx-button cdx-button--action-progressive cdx-button--weight-primary">
          ${t('sign-in.submit')}
        </button>
      </form>
      ${view.upstreams.length > 0 ? upstreamButtons(view) : ''}`,
  );
}

/** A plain GET form per provider, so the button works without scripts and carries where the person was going. */
function upstreamButtons(view: LoginView): SafeHtml {
  return html`<h2>${t('sign-in.upstream-title')}</h2>
    ${view.upstreams.map(
      (upstream) =>
        html`<form method="get" action="/login/upstream/${upstream.name}" class="gh-upstream-sign-in">
          <input type="hidden" name="returnTo" value="${view.returnTo}" />
          <button type="submit" class="cdx-button">
            ${t('sign-in.upstream-button', { provider: upstream.displayName })}
          </button>
        </form>`,
    )}`;
}

export interface SecondFactorView {
  csrf: string;
  returnTo: string;
  error?: string;
  /** The account has a security key: the page offers it (where scripts run). */
  securityKey: boolean;
}

/** The sign-in's second step (OATHAuth's): the code of the authenticator app, or a recovery code. */
export function renderSecondFactor(view: SecondFactorView): string {
  return layout(
    t('sign-in.second-factor-title'),
    html`${view.error ? html`<p class="cdx-message cdx-message--error" role="alert">${view.error}</p>` : ''}
      <p>${t('sign-in.second-factor-intro')}</p>
      <form method="post" action="/login/second-factor">
        <input type="hidden" name="csrf" value="${view.csrf}" />
        <input type="hidden" name="returnTo" value="${view.returnTo}" />
        <div class="cdx-field">
          <label class="cdx-label" for="code">${t('sign-in.second-factor-code')}</label>
          <input
            class="cdx-text-input__input"
            type="text"
            id="code"
            name="code"
            autocomplete="one-time-code"
            inputmode="text"
            required
            autofocus
          />
        </div>
        <button type="submit" class="cdx-button cdx-button--action-progressive cdx-button--weight-primary">
          ${t('sign-in.second-factor-submit')}
        </button>
      </form>
      ${view.securityKey ? securityKeyForm(view) : ''}`,
  );
}

/** The security key's way, hidden until `/assets/webauthn.js` (after @simplewebauthn/browser) shows it. */
function securityKeyForm(view: SecondFactorView): SafeHtml {
  return html`<form method="post" action="/login/second-factor" data-webauthn-sign-in hidden>
        <input type="hidden" name="csrf" value="${view.csrf}" />
        <input type="hidden" name="returnTo" value="${view.returnTo}" />
        <input type="hidden" name="webauthn" value="" />
        <p class="cdx-message cdx-message--error" role="alert" data-webauthn-error hidden>
          ${t('sign-in.second-factor-key-failed')}
        </p>
        <button type="submit" class="cdx-button">${t('sign-in.second-factor-key')}</button>
      </form>
      <script src="/assets/simplewebauthn-browser.js" defer></script>
      <script src="/assets/webauthn.js" defer></script>`;
}
