import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import type { AuthContext } from '../../common/auth/auth-context';
import { sessionBoundKey } from '../../common/auth/session-bound-key';
import { randomHex } from '../../common/crypto/crypto';
import type { ConsentView } from '../../common/html/consent-page';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { isUsableBy } from '../../consumers/consumer-usability';
import { AcceptanceService } from '../../grants/acceptance.service';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { DocumentClients } from '../client-metadata/document-clients';
import { DynamicClients } from '../dynamic-registration/dynamic-clients';
import type { AuthorizationInteraction } from '../extensions/oauth2-extension';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { Oauth2Error, type Oauth2ErrorCode } from '../oauth2-error';
import { withAuthorizationParameters } from '../par/pushed-request-view';
import { type PushedRequest, PushedRequests } from '../par/pushed-requests';
import { parameter } from '../protocol/protocol-parameters';
import { AuthorizationCodeStore } from './authorization-code.store';
import {
  type AuthorizationRequest,
  type FoundClient,
  type TrustedRedirect,
  UntrustedRequestError,
  checkAuthorizationRequest,
  trustedRedirect,
} from './authorization-request';
import { Oauth2Consent } from './oauth2-consent';
import { type AuthorizationResponse, authorizationResponse } from './response-mode';

/** How long the consent page may stay open before its answer is refused. */
const PENDING_TTL_SECONDS = 600;
const PENDING_ID = /^[0-9a-f]{32}$/;

/**
 * What the endpoint does next: answer the client (a redirect or a form post), sign in (returning to `returnTo`, by
 * default the request itself), ask for consent, or show an error page.
 */
export type AuthorizeStep =
  | AuthorizationResponse
  | { login: true; returnTo?: string; hint?: string }
  | { consent: ConsentView }
  | { awaitingReview: { app: string } }
  | { errorPage: Oauth2Error };

interface PendingAuthorization extends Omit<AuthorizationRequest, 'consumer'> {
  userId: number;
  clientKey: string;
  carried?: Record<string, unknown>;
}

/**
 * `/oauth2/authorize` (RFC 6749 §4.1, reference §5.1-5.2): checks the request, sends the user through sign-in,
 * shows the consent page (or skips it where MediaWiki does, for confidential clients only), records the
 * authorization and answers the client, by redirect or form post, with a single-use code, `state` and `iss`
 * (RFC 9207).
 */
@Injectable()
export class Oauth2AuthorizationService {
  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly acceptances: AcceptanceService,
    private readonly catalogue: GrantCatalogue,
    private readonly codes: AuthorizationCodeStore,
    private readonly store: TemporaryStore,
    private readonly extensions: Oauth2Extensions,
    private readonly consent: Oauth2Consent,
    private readonly pushedRequests: PushedRequests,
    private readonly dynamicClients: DynamicClients,
    private readonly documentClients: DocumentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The GET: a checked request becomes a consent page, a redirect, or a sign-in. A pushed request (RFC 9126 §4) is
   * taken from the store first, once, and stands in for the query.
   */
  async start(request: AppRequest, auth: AuthContext | undefined): Promise<AuthorizeStep> {
    if (request.query.request_uri === undefined) {
      return this.proceed(request, auth, false);
    }
    const opened = await this.openPushed(request);
    if ('errorPage' in opened) {
      return opened;
    }
    const pushedRequest = withAuthorizationParameters(request, opened.parameters);
    const step = await this.proceed(pushedRequest, auth, true);
    return 'login' in step ? this.pushAgainForSignIn(step, opened, pushedRequest) : step;
  }

  private async pushAgainForSignIn(
    step: Extract<AuthorizeStep, { login: true }>,
    opened: PushedRequest,
    pushedRequest: AppRequest,
  ): Promise<AuthorizeStep> {
    // The request_uri is spent, and a sign-in may outlast its life: the sign-in returns to the same request
    // (without what forced the sign-in, where an extension dropped it), pushed again for as long as a consent page
    // stays open, so the request still never travels through the browser. That time counts from the first
    // sign-in: visiting it again signed out does not make a leaked request_uri live on.
    const now = Date.now() / 1000;
    const signInBy = opened.signInBy ?? now + PENDING_TTL_SECONDS;
    if (signInBy <= now) {
      return {
        errorPage: new Oauth2Error('invalid_request_uri', 'The sign-in took too long; start again from the app'),
      };
    }
    const returnTo = new URL(step.returnTo ?? pushedRequest.originalUrl, 'http://local');
    const parameters = Object.fromEntries(returnTo.searchParams);
    const requestUri = await this.pushedRequests.push(
      { clientKey: opened.clientKey, parameters, signInBy },
      signInBy - now,
    );
    const again = new URLSearchParams({ client_id: opened.clientKey, request_uri: requestUri });
    return { ...step, returnTo: `${returnTo.pathname}?${again.toString()}` };
  }

  /**
   * RFC 9126 §4: `client_id` and a `request_uri` of this server, whose pushed request is spent now (atomically, so
   * only one of concurrent uses proceeds) and must be that client's. Failures are error pages: the redirect URI is
   * in the pushed request, so no redirect is trusted yet.
   */
  private async openPushed(request: AppRequest): Promise<PushedRequest | { errorPage: Oauth2Error }> {
    const refused = (description: string, error: Oauth2ErrorCode = 'invalid_request_uri') => ({
      errorPage: new Oauth2Error(error, description),
    });
    if (!this.config.oauth2.par) {
      return refused('Pushed authorization requests are disabled on this server', 'invalid_request');
    }
    let requestUri: string | undefined;
    let clientId: string | undefined;
    try {
      requestUri = parameter(request, 'request_uri', 'query');
      clientId = parameter(request, 'client_id', 'query');
    } catch (error) {
      return { errorPage: error as Oauth2Error };
    }
    if (clientId === undefined || requestUri === undefined) {
      return refused('A request_uri goes with the client_id of the client that pushed it', 'invalid_request');
    }
    const pushed = await this.pushedRequests.take(requestUri);
    if (!pushed) {
      return refused('The request_uri is unknown, expired or already used; start again from the app');
    }
    if (pushed.clientKey !== clientId) {
      return refused('The request_uri was pushed by another client');
    }
    return pushed;
  }

  private async proceed(request: AppRequest, auth: AuthContext | undefined, pushed: boolean): Promise<AuthorizeStep> {
    let trusted: TrustedRedirect;
    try {
      trusted = await trustedRedirect(request, (clientId) => this.findClient(clientId));
    } catch (error) {
      if (error instanceof UntrustedRequestError) {
        return { errorPage: error.error };
      }
      throw error;
    }
    // A self-registered client that admins have not reviewed yet (issue 23 item 3): a page says so, to anyone.
    if (await this.dynamicClients.awaitsReview(trusted.consumer)) {
      return { awaitingReview: { app: trusted.consumer.name } };
    }
    const callbackRefused = this.callbackRefused(trusted, auth);
    if (callbackRefused) {
      return callbackRefused;
    }
    try {
      if (!pushed && this.mustPush(trusted)) {
        throw new Oauth2Error('invalid_request', 'Authorization requests of this client must be pushed (RFC 9126)');
      }
      const checked = checkAuthorizationRequest(request, trusted, this.config, this.catalogue);
      const interaction = this.extensions.authorizationRequest(request, checked, auth);
      if (interaction.login) {
        return { login: true, ...interaction.login };
      }
      if (!auth?.session) {
        return { login: true };
      }
      await this.checkUser(checked, auth);
      const consent = interaction.consent?.mode;
      if (consent !== 'ask' && (await this.maySkipConsent(checked, auth, interaction))) {
        return this.approve(checked, auth, interaction.carried);
      }
      if (consent === 'never') {
        throw new Oauth2Error('consent_required', 'The user has not allowed this app these scopes yet');
      }
      return { consent: await this.consentView(checked, auth, interaction.carried) };
    } catch (error) {
      if (error instanceof Oauth2Error) {
        return this.errorResponse(trusted, error);
      }
      throw error;
    }
  }

  /**
   * A consumer by its key, or a client by the URL of its metadata document, fetched (and registered, the first time)
   * now; a document refused is an unknown client, shown on a page with the reason.
   */
  private async findClient(clientId: string): Promise<FoundClient | undefined> {
    if (!this.documentClients.isDocumentClientId(clientId)) {
      return this.directory.findByKey(clientId);
    }
    try {
      return await this.documentClients.resolve(clientId);
    } catch (error) {
      throw error instanceof Oauth2Error ? new UntrustedRequestError(error) : error;
    }
  }

  /** RFC 9126 §5 (the server's rule) and §6 (the client's `require_pushed_authorization_requests`). */
  private mustPush({ consumer }: TrustedRedirect): boolean {
    return this.config.oauth2.par && (this.config.oauth2.requirePar || consumer.requirePushedAuthorizationRequests);
  }

  /**
   * The consent page's answer, from the session the page was shown to (the caller checked its CSRF token): the
   * pending request is spent whatever the answer. Another session's answer finds nothing to spend (RFC 6749
   * §10.12), so it leaves the user's dialog as it was.
   */
  async decide(pendingId: string, auth: AuthContext, decision: 'allow' | 'cancel'): Promise<AuthorizeStep> {
    const pending =
      PENDING_ID.test(pendingId) && auth.session
        ? await this.store.take<PendingAuthorization>(pendingKey(auth.session.id, pendingId))
        : undefined;
    if (!pending || pending.userId !== auth.userId) {
      return {
        errorPage: new Oauth2Error(
          'invalid_request',
          'This authorization request has expired; start again from the app',
        ),
      };
    }
    const consumer = await this.directory.findByKey(pending.clientKey);
    if (!consumer || consumer.suppressed) {
      return { errorPage: new Oauth2Error('invalid_client', 'Client authentication failed: unknown client') };
    }
    const checked: AuthorizationRequest = { ...pending, consumer };
    const callbackRefused = this.callbackRefused(checked, auth);
    if (callbackRefused) {
      return callbackRefused;
    }
    try {
      if (decision === 'cancel') {
        throw new Oauth2Error('access_denied', 'The user denied the request');
      }
      await this.checkUser(checked, auth);
      return this.approve(checked, auth, pending.carried);
    } catch (error) {
      if (error instanceof Oauth2Error) {
        return this.errorResponse(checked, error);
      }
      throw error;
    }
  }

  /**
   * An admin vouches for a callback by approving its client (attack case 2): a rejected, disabled or expired
   * client's callback gets nothing, and a proposed one only its owner's own test runs; the others see an error
   * page. Signed-out visitors of a proposed client sign in first, since it may be the owner.
   */
  private callbackRefused(trusted: TrustedRedirect, auth: AuthContext | undefined): AuthorizeStep | undefined {
    const { consumer } = trusted;
    if (isUsableBy(consumer, undefined)) {
      return undefined;
    }
    const refused = { errorPage: new Oauth2Error('access_denied', `Client ${consumer.key} is not usable`) };
    if (!isUsableBy(consumer, consumer.ownerId)) {
      return refused;
    }
    if (!auth?.session) {
      return { login: true };
    }
    return isUsableBy(consumer, auth.userId) ? undefined : refused;
  }

  private checkUser({ consumer }: AuthorizationRequest, auth: AuthContext): Promise<void> {
    return this.consent.checkUser(consumer, auth);
  }

  /**
   * MediaWiki's silent re-approval (reference §5.2), for confidential clients only (RFC 8252 §8.6): a
   * configuration app marked `skipAuthorization` with an https callback, or an identity-only client the user
   * already authorized with exactly its grants; and, where an extension asks for it (OpenID Connect), any request
   * whose scopes the user already allowed this client, all of them.
   */
  private async maySkipConsent(
    { consumer, scopes }: AuthorizationRequest,
    auth: AuthContext,
    interaction: AuthorizationInteraction,
  ): Promise<boolean> {
    if (!consumer.oauth2IsConfidential) {
      return false;
    }
    if (consumer.configurationBased && consumer.skipAuthorization && consumer.callbackUrl.startsWith('https://')) {
      return true;
    }
    const existing = await this.acceptances.find(auth.userId, consumer.id, consumer.wiki);
    if (existing === undefined) {
      return false;
    }
    const mode = interaction.consent?.mode;
    if (mode === 'reuse' || mode === 'never') {
      return scopes.every((scope) => existing.grants.includes(scope));
    }
    return (
      existing.grants.length === consumer.grants.length &&
      existing.grants.every((grant) => consumer.grants.includes(grant)) &&
      this.catalogue.isAuthOnly(consumer.grants)
    );
  }

  private async consentView(
    checked: AuthorizationRequest,
    auth: AuthContext,
    carried: Record<string, unknown> | undefined,
  ): Promise<ConsentView> {
    const { consumer, ...rest } = checked;
    const id = randomHex(16);
    const pending: PendingAuthorization = { ...rest, userId: auth.userId, clientKey: consumer.key, carried };
    await this.store.set(pendingKey(auth.session?.id ?? '', id), pending, PENDING_TTL_SECONDS);
    return this.consent.view(consumer, checked.scopes, auth, { request: id }, checked.resource);
  }

  /**
   * Records the authorization (the requested scopes plus the implicit grants the client holds, replacing an
   * earlier one as MediaWiki does) and answers the client with a fresh code.
   */
  private async approve(
    checked: AuthorizationRequest,
    auth: AuthContext,
    carried: Record<string, unknown> | undefined,
  ): Promise<AuthorizationResponse> {
    const { consumer } = checked;
    const acceptance = await this.consent.accept(consumer, checked.scopes, auth, checked.resource);
    const code = await this.codes.issue({
      clientKey: consumer.key,
      userId: auth.userId,
      acceptanceId: acceptance.id,
      scopes: checked.scopes,
      redirectUri: checked.redirectUri,
      redirectUriGiven: checked.redirectUriGiven,
      codeChallenge: checked.codeChallenge,
      codeChallengeMethod: checked.codeChallengeMethod,
      dpopJkt: checked.dpopJkt,
      resource: checked.resource,
      carried,
    });
    return this.clientResponse(checked, [['code', code]]);
  }

  private errorResponse(trusted: TrustedRedirect, error: Oauth2Error): AuthorizationResponse {
    return this.clientResponse(trusted, [
      ['error', error.error],
      ['error_description', error.description],
    ]);
  }

  /** RFC 6749 §4.1.2 with RFC 9207's `iss`, so a client talking to several servers cannot be mixed up. */
  private clientResponse(trusted: TrustedRedirect, parameters: [string, string][]): AuthorizationResponse {
    const state: [string, string][] = trusted.state === undefined ? [] : [['state', trusted.state]];
    return authorizationResponse(trusted.responseMode, trusted.redirectUri, [
      ...parameters,
      ...state,
      ['iss', this.config.http.publicUrl],
    ]);
  }
}

function pendingKey(sessionId: string, id: string): string {
  return sessionBoundKey('oauth2:authorize', sessionId, id);
}
