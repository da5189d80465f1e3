import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

/** Writes and clears the session cookie with the same attributes everywhere. */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(response: Response, sessionId: string): void {
    response.cookie(
      SESSION_COOKIE,
      sessionId,
      sessionCookieOptions(this.config.http.secureCookies, this.config.identity.sessionTtl),
    );
  }

  clear(response: Response): void {
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config.http.secureCookies, 0);
    response.clearCookie(SESSION_COOKIE, options);
  }
}
