import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'gatehouse_session';

/** `HttpOnly` and `SameSite=Lax` always; `Secure` whenever the public URL is https. */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Number.isFinite(maxAgeSeconds) ? maxAgeSeconds * 1000 : undefined,
  };
}
