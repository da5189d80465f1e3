import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { constantTimeEquals } from '../../common/crypto/crypto';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { redirectUriMatches } from '../../consumers/callbacks/callback-match';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { isUsableBy } from '../../consumers/consumer-usability';
import { LoginService } from '../../identity/login.service';
import { SigningKeys } from '../../oauth2/keys/signing-keys.service';
import { Oauth2Error } from '../../oauth2/oauth2-error';
import { parameter } from '../../oauth2/protocol/protocol-parameters';
import {
  type LogoutConfirmation,
  renderLogoutConfirmation,
  renderLogoutError,
  renderSignedOut,
  renderStillSignedIn,
} from './end-session.page';

/** What the endpoint answers: a redirect (maybe after ending the session) or a page. */
export type EndSessionStep =
  | { redirect: string; ended: boolean }
  | { page: string; status: number; ended: boolean }
  /** A POST from an app (cross-site, so without the Lax session cookie): read again by GET, which carries it. */
  | { again: string };

interface LogoutRequest {
  consumer?: Consumer;
  /** The checked `post_logout_redirect_uri` with `state`, ready to send the browser to. */
  target?: string;
  /** The subject of a valid `id_token_hint`. */
  hintedSubject?: string;
  hidden: Record<string, string>;
}

class LogoutRefused extends Error {}

/**
 * OpenID Connect RP-Initiated Logout 1.0 (§2, §3): `id_token_hint`, `client_id`, `post_logout_redirect_uri` and
 * `state`. The redirect URI must equal one the client registered, by the redirect-URI rules; otherwise an error
 * page and no redirect, so the endpoint is never an open redirector (§3, §6). With a valid hint naming the signed-in
 * user the session ends at once; otherwise the person confirms first (§2). Ending it tells the apps it signed into
 * (Back-Channel Logout, through `LoginService`'s event).
 */
@Injectable()
export class EndSessionService {
  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly logins: LoginService,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(request: AppRequest, auth: AuthContext | undefined): Promise<EndSessionStep> {
    const fromForm = request.method === 'POST';
    const decision = fromForm ? (request.body as Record<string, unknown> | undefined)?.decision : undefined;
    if (fromForm && decision === undefined) {
      const query = new URLSearchParams(logoutFields(request)).toString();
      if (query.length > MAX_QUERY_LENGTH) {
        return { page: renderLogoutError('The logout request is too large.'), status: 400, ended: false };
      }
      return { again: `${request.path}?${query}` };
    }
    let checked: LogoutRequest;
    try {
      checked = await this.check(request, fromForm ? 'body' : 'query');
    } catch (error) {
      if (error instanceof LogoutRefused || error instanceof Oauth2Error) {
        return { page: renderLogoutError(error.message), status: 400, ended: false };
      }
      throw error;
    }
    const session = auth?.session;
    if (!auth || !session) {
      return this.finish(checked, false);
    }
    if (decision !== undefined) {
      const csrf = (request.body as Record<string, unknown>).csrf;
      if (typeof csrf !== 'string' || !constantTimeEquals(csrf, session.csrfToken)) {
        return { page: renderLogoutError('Your session expired; sign out again.'), status: 403, ended: false };
      }
      if (decision !== 'logout') {
        return { page: renderStillSignedIn(auth.userName), status: 200, ended: false };
      }
    } else if (checked.hintedSubject !== String(auth.userId)) {
      const confirmation: LogoutConfirmation = {
        appName: checked.consumer?.name,
        csrfToken: session.csrfToken,
        userName: auth.userName,
        hidden: checked.hidden,
      };
      return { page: renderLogoutConfirmation(confirmation, request.path), status: 200, ended: false };
    }
    await this.logins.logout(session, auth.userId);
    return this.finish(checked, true);
  }

  private finish(checked: LogoutRequest, ended: boolean): EndSessionStep {
    return checked.target ? { redirect: checked.target, ended } : { page: renderSignedOut(), status: 200, ended };
  }

  private async check(request: AppRequest, source: 'query' | 'body'): Promise<LogoutRequest> {
    const hint = parameter(request, 'id_token_hint', source);
    const clientId = parameter(request, 'client_id', source);
    const redirectUri = parameter(request, 'post_logout_redirect_uri', source);
    const state = parameter(request, 'state', source);
    const hinted = hint === undefined ? undefined : this.readHint(hint);
    if (hint !== undefined && !hinted) {
      throw new LogoutRefused('The id_token_hint is not an ID Token of this server.');
    }
    // §2: when both name the client they must agree.
    if (clientId !== undefined && hinted && hinted.aud !== clientId) {
      throw new LogoutRefused('The client_id is not the audience of the id_token_hint.');
    }
    const key = clientId ?? hinted?.aud;
    const consumer = key === undefined ? undefined : await this.directory.findByKey(key);
    if (key !== undefined && (!consumer || consumer.suppressed || consumer.oauthVersion !== 2)) {
      throw new LogoutRefused('The client is unknown.');
    }
    const hidden: Record<string, string> = {};
    if (consumer) {
      hidden.client_id = consumer.key;
    }
    if (redirectUri === undefined) {
      return { consumer, hintedSubject: hinted?.sub, hidden };
    }
    if (!consumer) {
      throw new LogoutRefused('A post_logout_redirect_uri needs the client: send client_id or id_token_hint.');
    }
    const registered = consumer.postLogoutRedirectUris.some((uri) => redirectUriMatches(uri, redirectUri));
    if (!registered || !isUsableBy(consumer, undefined)) {
      throw new LogoutRefused('The post_logout_redirect_uri is not registered for this client.');
    }
    const target = new URL(redirectUri);
    if (state !== undefined) {
      target.searchParams.append('state', state);
      hidden.state = state;
    }
    hidden.post_logout_redirect_uri = redirectUri;
    return { consumer, target: target.toString(), hintedSubject: hinted?.sub, hidden };
  }

  /** An ID Token this server signed, expired or not (§2: it identifies, it does not authorize). */
  private readHint(hint: string): { sub: string; aud: string } | undefined {
    const verified = this.keys.verify(hint);
    if (!verified || verified.header.typ !== 'JWT' || verified.payload.iss !== this.config.http.publicUrl) {
      return undefined;
    }
    const { sub, aud } = verified.payload;
    return typeof sub === 'string' && typeof aud === 'string' ? { sub, aud } : undefined;
  }
}

/** RP-Initiated Logout 1.0 §2's parameters, the only ones carried from an app's POST to the GET. */
const LOGOUT_PARAMETERS = [
  'id_token_hint',
  'logout_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'ui_locales',
];
/** The GET's address must stay well within what browsers and proxies take in a `Location` (an ID Token is ~1 KB). */
const MAX_QUERY_LENGTH = 8192;

/** The logout parameters of a form body that are single strings, as query parameters. */
function logoutFields(request: AppRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    LOGOUT_PARAMETERS.flatMap((name) => (typeof body[name] === 'string' ? [[name, body[name]]] : [])),
  );
}
