import type { AuthContext } from '../common/auth/auth-context';
import { html } from '../common/html/html';
import { layout } from '../common/html/layout';

export interface LoginView {
  csrf: string;
  returnTo: string;
  error?: string;
  username?: string;
}

export function renderLogin(view: LoginView): string {
  return layout(
    'Sign in',
    html`${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="csrf" value="${view.csrf}" />
        <input type="hidden" name="returnTo" value="${view.returnTo}" />
        <label for="username">User name</label>
        <input
          type="text"
          id="username"
          name="username"
          value="${view.username ?? ''}"
          autocomplete="username"
          required
          autofocus
        />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>`,
  );
}

export function renderHome(auth: AuthContext | undefined): string {
  if (!auth?.session) {
    return layout(
      'Gatehouse',
      html`<p>The central sign-in and OAuth service.</p>
        <p><a href="/login">Sign in</a> · <a href="/docs">API console</a></p>`,
    );
  }
  return layout(
    'Gatehouse',
    html`<p>You are signed in as <strong>${auth.userName}</strong>.</p>
      <p><a href="/docs">API console</a></p>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value="${auth.session.csrfToken}" />
        <button type="submit">Sign out</button>
      </form>`,
    auth.userName,
  );
}
