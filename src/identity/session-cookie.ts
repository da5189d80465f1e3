import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'gatehouse_session';

/** Anonymous visitors have no session yet, so the login form's CSRF token is a double-submit cookie. */
export const LOGIN_CSRF_COOKIE = 'gatehouse_login_csrf';

/** A sign-in whose password was right and whose second factor is still to come (`PendingSignIns`). */
export const PENDING_SIGN_IN_COOKIE = 'gatehouse_sign_in_pending';

/** The `state` of a sign-in at an upstream OpenID Provider, binding its callback to the browser that started it. */
export const UPSTREAM_STATE_COOKIE = 'gatehouse_upstream_state';

/**
 * The attributes of every cookie the service sets: `HttpOnly` and `SameSite=Lax` always; `Secure` whenever the
 * public URL is https, so that the browser never sends it over plain http (RFC 6265 §4.1.2.5 and §8.6).
 */
export function cookieOptions(secure: boolean, path: string, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path,
    maxAge: maxAgeSeconds !== undefined && Number.isFinite(maxAgeSeconds) ? maxAgeSeconds * 1000 : undefined,
  };
}
