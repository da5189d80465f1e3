import type { AppRequest } from '../../common/http/app-request';
import type { AppConfig } from '../../config/app-config';
import { redirectUriMatches } from '../../consumers/callbacks/callback-match';
import { isUsableCallback } from '../../consumers/callbacks/callback-url';
import type { Consumer } from '../../consumers/consumer';
import type { GrantCatalogue } from '../../grants/grant-catalogue';
import { isClientIdUrl } from '../client-metadata/client-id-url';
import type { DocumentClient } from '../client-metadata/document-clients';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import { parseScope } from '../protocol/scope';
import { requestedResource } from '../resources/resource-indicator';
import { type CodeChallengeMethod, isPkceValue } from './pkce';
import { type ResponseMode, checkResponseMode, responseModeFor } from './response-mode';

/** Where errors may be sent: only known once the client and its redirect URI are trusted (RFC 6749 §4.1.2.1). */
export interface TrustedRedirect {
  consumer: Consumer;
  redirectUri: string;
  redirectUriGiven: boolean;
  state: string | undefined;
  /** How answers, errors included, reach the redirect URI. */
  responseMode: ResponseMode;
}

/** A fully checked authorization request. */
export interface AuthorizationRequest extends TrustedRedirect {
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code is bound to. */
  dpopJkt?: string;
  /** RFC 8707 §2: the resource the client asks access to; undefined for none. */
  resource?: string;
}

/** An error to answer with a page, never a redirect (unknown client, untrusted redirect URI: attack case 2). */
export class UntrustedRequestError extends Error {
  constructor(readonly error: Oauth2Error) {
    super(error.description);
  }
}

/**
 * A client found by its `client_id`: a consumer, or the consumer of a Client ID Metadata Document with the redirect
 * URIs the document lists now.
 */
export type FoundClient = Consumer | DocumentClient;

/**
 * Step one (attack cases 1, 2): the client and the redirect URI. Until both are known good nothing is redirected
 * anywhere, so the endpoint is never an open redirector.
 */
export async function trustedRedirect(
  request: AppRequest,
  findClient: (clientId: string) => Promise<FoundClient | undefined>,
): Promise<TrustedRedirect> {
  const untrusted = (description: string, error: 'invalid_request' | 'invalid_client' = 'invalid_request') =>
    new UntrustedRequestError(new Oauth2Error(error, description));
  const read = (name: string) => {
    try {
      return parameter(request, name, 'query');
    } catch (error) {
      throw new UntrustedRequestError(error as Oauth2Error);
    }
  };
  const clientId = read('client_id');
  if (clientId === undefined) {
    throw untrusted('The client_id parameter is required');
  }
  const found = /^[0-9a-f]{32}$/.test(clientId) || isClientIdUrl(clientId) ? await findClient(clientId) : undefined;
  const consumer = found && 'redirectUris' in found ? found.consumer : found;
  if (!consumer || consumer.oauthVersion !== 2 || consumer.suppressed) {
    throw untrusted('Client authentication failed: unknown client', 'invalid_client');
  }
  const offered = read('redirect_uri');
  if (found && 'redirectUris' in found) {
    // draft-ietf-oauth-client-id-metadata-document (redirect URI validation): one of the document's, exactly, named.
    if (offered === undefined || !found.redirectUris.includes(offered)) {
      throw untrusted("The redirect_uri is not one of the client's metadata document", 'invalid_client');
    }
  } else if (offered !== undefined && !redirectUriMatches(consumer.callbackUrl, offered)) {
    throw untrusted('The redirect_uri is not registered for this client', 'invalid_client');
  }
  const redirectUri = offered ?? consumer.callbackUrl;
  if (!isUsableCallback(redirectUri)) {
    throw untrusted('The client has no usable redirect URI', 'invalid_client');
  }
  const rawState = request.query.state;
  return {
    consumer,
    redirectUri,
    redirectUriGiven: offered !== undefined,
    state: typeof rawState === 'string' && rawState !== '' ? rawState : undefined,
    responseMode: responseModeFor(request, redirectUri),
  };
}

/**
 * Step two (reference §5.1, attack cases 3, 10): the rest of the request. Failures here go back to the client's
 * redirect URI with `error`, `state` and `iss`, in the requested response mode (a refused one answers by query).
 */
export function checkAuthorizationRequest(
  request: AppRequest,
  trusted: TrustedRedirect,
  config: AppConfig,
  catalogue: GrantCatalogue,
): AuthorizationRequest {
  const { consumer } = trusted;
  if (request.query.state !== undefined && typeof request.query.state !== 'string') {
    throw new Oauth2Error('invalid_request', 'The state parameter must be given once, as text');
  }
  checkResponseMode(request, trusted.redirectUri);
  const responseType = parameter(request, 'response_type', 'query');
  if (responseType === undefined) {
    throw new Oauth2Error('invalid_request', 'The response_type parameter is required');
  }
  if (responseType !== 'code') {
    throw new Oauth2Error('unsupported_response_type', 'Only response_type=code is supported');
  }
  if (
    !consumer.oauth2GrantTypes.includes('authorization_code') ||
    !config.oauth2.enabledGrantTypes.includes('authorization_code')
  ) {
    throw new Oauth2Error('unauthorized_client', 'The client may not use the authorization code grant');
  }
  const requested = parseScope(parameter(request, 'scope', 'query'));
  const unknown = catalogue.unknown(requested ?? []);
  if (unknown.length > 0) {
    throw new Oauth2Error('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
  }
  // MediaWiki's rule: no scope means all the client's grants; others it was not granted are dropped.
  const scopes = requested ? requested.filter((scope) => consumer.grants.includes(scope)) : consumer.grants;
  if (scopes.length === 0) {
    throw new Oauth2Error('invalid_scope', 'None of the requested scopes is granted to this client');
  }
  const resource = requestedResource(request, 'query', consumer);
  return {
    ...trusted,
    scopes,
    ...checkPkce(request, consumer, config),
    ...checkDpopJkt(request, config),
    ...(resource === undefined ? {} : { resource }),
  };
}

/**
 * RFC 9449 §10: `dpop_jkt` binds the code to a DPoP key, so only a token request with a proof by that key redeems it
 * (a stolen code is useless without the key). A SHA-256 thumbprint: 43 base64url characters. Ignored while DPoP is off.
 */
function checkDpopJkt(request: AppRequest, config: AppConfig): { dpopJkt?: string } {
  const jkt = parameter(request, 'dpop_jkt', 'query');
  if (jkt === undefined || !config.oauth2.dpop.enabled) {
    return {};
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(jkt)) {
    throw new Oauth2Error('invalid_request', 'The dpop_jkt must be the base64url SHA-256 thumbprint of a key');
  }
  return { dpopJkt: jkt };
}

function checkPkce(
  request: AppRequest,
  consumer: Consumer,
  config: AppConfig,
): { codeChallenge?: string; codeChallengeMethod?: CodeChallengeMethod } {
  const challenge = parameter(request, 'code_challenge', 'query');
  const method = parameter(request, 'code_challenge_method', 'query');
  if (challenge === undefined) {
    if (method !== undefined) {
      throw new Oauth2Error('invalid_request', 'code_challenge_method was sent without a code_challenge');
    }
    if (!consumer.oauth2IsConfidential && config.oauth2.requireCodeChallengeForPublicClients) {
      throw new Oauth2Error('invalid_request', 'Code challenge must be provided for public clients');
    }
    return {};
  }
  // RFC 7636 §4.3: no method means plain.
  const chosen = method ?? 'plain';
  if (chosen !== 'S256' && !(chosen === 'plain' && config.oauth2.allowPlainPkce)) {
    throw new Oauth2Error('invalid_request', 'The code_challenge_method must be S256');
  }
  if (!isPkceValue(challenge)) {
    throw new Oauth2Error('invalid_request', 'The code_challenge must be 43-128 unreserved characters');
  }
  return { codeChallenge: challenge, codeChallengeMethod: chosen };
}
