import { Inject, Injectable } from '@nestjs/common';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import {
  type AuthorizationRequest,
  UntrustedRequestError,
  checkAuthorizationRequest,
  trustedRedirect,
} from '../authorize/authorization-request';
import { type DocumentClient, DocumentClients } from '../client-metadata/document-clients';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { assertForm, parameter } from '../protocol/protocol-parameters';
import type { PushedAuthorizationResponseDto } from './par.dto';
import { withAuthorizationParameters } from './pushed-request-view';
import { PushedRequests } from './pushed-requests';

/** Client authentication parameters (RFC 6749 §2.3.1, RFC 7521 §4.2): not part of the authorization request. */
const CLIENT_AUTHENTICATION = ['client_secret', 'client_assertion', 'client_assertion_type'];
/** An authorization request has a dozen parameters; anything far beyond is not one. */
const MAX_PARAMETERS = 50;

/**
 * `/oauth2/par` (RFC 9126 §2): an authenticated client pushes its authorization request, which is checked as the
 * authorization endpoint would check it (client, redirect URI, response type, scope, PKCE, and what the extensions
 * read, OpenID Connect's parameters included) and kept briefly behind a one-time `request_uri`.
 *
 * A client known by its Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document) is fetched and,
 * the first time, registered through the same `DocumentClients.resolve` as at the authorization endpoint, so under
 * `DYNAMIC_REGISTRATION=review` its first push proposes it to the reviewers. A proposal's push is accepted: the
 * authorization endpoint answers such a client with a page telling the user it awaits review, not with an error to the
 * client, and that page is what the browser gets when it brings the `request_uri` (RFC 9126 §4). No code, so no token,
 * is issued before an admin approves.
 */
@Injectable()
export class PushedAuthorizationService {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly requests: PushedRequests,
    private readonly catalogue: GrantCatalogue,
    private readonly extensions: Oauth2Extensions,
    private readonly documentClients: DocumentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async push(request: AppRequest): Promise<PushedAuthorizationResponseDto> {
    if (!this.config.oauth2.par) {
      throw new Oauth2Error('invalid_request', 'Pushed authorization requests are disabled on this server', {
        status: 404,
      });
    }
    assertForm(request);
    // A client known by its metadata document is fetched (and registered, the first time) before it authenticates.
    const documentClient = await this.documentClientOf(request);
    // RFC 9126 §2: the client authenticates as at the token endpoint; a public client sends its client_id.
    const { consumer } = await this.clients.authenticate(request, { actor: 'someone' });
    const parameters = authorizationParameters(request.body);
    if (parameters.request_uri !== undefined) {
      throw new Oauth2Error('invalid_request', 'A pushed request must not itself carry a request_uri (RFC 9126 §2.1)');
    }
    if (parameters.request !== undefined) {
      throw new Oauth2Error('invalid_request', 'Request objects are not supported; push the parameters themselves');
    }
    // The client_id may be absent (Basic, or an assertion): it is the client that authenticated.
    // A client known by its metadata document goes on by its URL, which the authorization endpoint looks up.
    const byDocument = documentClient?.consumer.id === consumer.id ? documentClient : undefined;
    parameters.client_id = byDocument?.clientId ?? consumer.key;
    const found = byDocument ?? consumer;
    const pushed = withAuthorizationParameters(request, parameters);
    let trusted;
    try {
      trusted = await trustedRedirect(pushed, (id) => Promise.resolve(id === parameters.client_id ? found : undefined));
    } catch (error) {
      // The client is authenticated, so what is wrong is its request (RFC 9126 §2.3), not its identity.
      if (error instanceof UntrustedRequestError) {
        throw new Oauth2Error('invalid_request', error.error.description);
      }
      throw error;
    }
    const checked = checkAuthorizationRequest(pushed, trusted, this.config, this.catalogue);
    this.checkExtensionParameters(pushed, checked);
    const lifetime = this.config.oauth2.parLifetime;
    const requestUri = await this.requests.push({ clientKey: parameters.client_id, parameters }, lifetime);
    return { request_uri: requestUri, expires_in: lifetime };
  }

  private async documentClientOf(request: AppRequest): Promise<DocumentClient | undefined> {
    const clientId = parameter(request, 'client_id', 'body');
    const byDocument = clientId !== undefined && this.documentClients.isDocumentClientId(clientId);
    return byDocument ? this.documentClients.resolve(clientId) : undefined;
  }

  private checkExtensionParameters(pushed: AppRequest, checked: AuthorizationRequest): void {
    try {
      this.extensions.authorizationRequest(pushed, checked, undefined);
    } catch (error) {
      if (!(error instanceof Oauth2Error) || !SESSION_DEPENDENT.has(error.error)) {
        throw error;
      }
    }
  }
}

/**
 * OpenID Core §3.1.2.6's `login_required`, `consent_required` and `interaction_required` depend on the user's
 * session, which a pushed request has none of: they are decided at the authorization endpoint, where the user is
 * known. Every other refusal of an extension (a malformed `prompt`, `max_age`, `nonce`, `id_token_hint`) is the
 * request's, and refused now (RFC 9126 §2.3).
 */
const SESSION_DEPENDENT = new Set(['login_required', 'consent_required', 'interaction_required']);

/** The form's parameters, each once and as text (RFC 6749 §3.1), without those that authenticated the client. */
function authorizationParameters(body: unknown): Record<string, string> {
  const entries = Object.entries((body ?? {}) as Record<string, unknown>).filter(
    ([name]) => !CLIENT_AUTHENTICATION.includes(name),
  );
  if (entries.length > MAX_PARAMETERS) {
    throw new Oauth2Error('invalid_request', `An authorization request has at most ${MAX_PARAMETERS} parameters`);
  }
  const parameters: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') {
      throw new Oauth2Error('invalid_request', `The ${name} parameter must be given once, as text`);
    }
    if (value !== '') {
      parameters[name] = value;
    }
  }
  return parameters;
}
