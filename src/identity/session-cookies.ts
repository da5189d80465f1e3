import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  LOGIN_CSRF_COOKIE,
  PENDING_SIGN_IN_COOKIE,
  SESSION_COOKIE,
  UPSTREAM_STATE_COOKIE,
  cookieOptions,
} from './session-cookie';

/** The login form's cookie lives only where the form posts. */
const LOGIN_PATH = '/login';
/** The upstream sign-in's state cookie goes only to its callback. */
const UPSTREAM_PATH = '/login/upstream';

/** Writes and clears the session cookie and the login form's CSRF cookie, with the same attributes everywhere. */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(response: Response, sessionId: string): void {
    response.cookie(SESSION_COOKIE, sessionId, this.options('/', this.config.identity.sessionTtl));
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, this.options('/'));
  }

  setLoginCsrf(response: Response, token: string): void {
    response.cookie(LOGIN_CSRF_COOKIE, token, this.options(LOGIN_PATH));
  }

  clearLoginCsrf(response: Response): void {
    response.clearCookie(LOGIN_CSRF_COOKIE, this.options(LOGIN_PATH));
  }

  /** The pending sign-in's token, for the second-factor step under `/login` only, as long as it lives. */
  setPendingSignIn(response: Response, token: string): void {
    response.cookie(PENDING_SIGN_IN_COOKIE, token, this.options(LOGIN_PATH, 300));
  }

  clearPendingSignIn(response: Response): void {
    response.clearCookie(PENDING_SIGN_IN_COOKIE, this.options(LOGIN_PATH));
  }

  /** A sign-in at an upstream provider lasts as long as its state is kept (`UpstreamSignIn`). */
  setUpstreamState(response: Response, state: string, seconds: number): void {
    response.cookie(UPSTREAM_STATE_COOKIE, state, this.options(UPSTREAM_PATH, seconds));
  }

  clearUpstreamState(response: Response): void {
    response.clearCookie(UPSTREAM_STATE_COOKIE, this.options(UPSTREAM_PATH));
  }

  private options(path: string, maxAgeSeconds?: number) {
    return cookieOptions(this.config.http.secureCookies, path, maxAgeSeconds);
  }
}
