import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';

/**
 * How the authorization response reaches the client (OAuth 2.0 Multiple Response Type Encoding Practices §2.1):
 * `query`, the default for `response_type=code`, or `form_post` (OAuth 2.0 Form Post Response Mode §2). `fragment`
 * is left out: it exists for responses that carry tokens, and this server only issues codes.
 */
export const RESPONSE_MODES = ['query', 'form_post'] as const;

export type ResponseMode = (typeof RESPONSE_MODES)[number];

/** A form the browser posts to the client's redirect URI; the fields are in the order they are sent. */
export interface FormPost {
  action: string;
  fields: [name: string, value: string][];
}

/** The authorization response (RFC 6749 §4.1.2, §4.1.2.1) in the requested mode. */
export type AuthorizationResponse = { redirect: string } | { formPost: FormPost };

/**
 * The `response_mode` parameter, checked: Multiple Response Type Encoding Practices §2.1 leaves an unsupported mode to
 * the server, and it is an `invalid_request` here (a repeated one too, RFC 6749 §3.1). Form Post §2 has the browser
 * make an HTTP POST to the redirect URI, which a native app's private-use scheme (RFC 8252 §7.1) cannot receive, so
 * form_post needs an http(s) redirect URI.
 */
export function checkResponseMode(request: AppRequest, redirectUri: string): ResponseMode {
  const requested = parameter(request, 'response_mode', 'query');
  if (requested === undefined) {
    return 'query';
  }
  if (!isResponseMode(requested)) {
    throw new Oauth2Error('invalid_request', `Unsupported response_mode; use one of: ${RESPONSE_MODES.join(', ')}`);
  }
  if (requested === 'form_post' && !/^https?:$/.test(new URL(redirectUri).protocol)) {
    throw new Oauth2Error('invalid_request', 'response_mode=form_post needs an http or https redirect URI');
  }
  return requested;
}

/**
 * The mode the answers to this request use, errors included (Form Post §2 and Multiple Response Type Encoding
 * Practices §2.1 apply the mode to error responses too). A mode that {@link checkResponseMode} refuses falls back to
 * the default for `code`, query: the client did not ask for anything this server can send, and its redirect URI is
 * already trusted, so the `invalid_request` is redirected the way a client that sent no `response_mode` expects it
 * (RFC 6749 §4.1.2.1).
 */
export function responseModeFor(request: AppRequest, redirectUri: string): ResponseMode {
  try {
    return checkResponseMode(request, redirectUri);
  } catch (error) {
    if (error instanceof Oauth2Error) {
      return 'query';
    }
    throw error;
  }
}

/**
 * The response carrying `parameters` to `redirectUri`, read as a browser reads it: a redirect with them added to the
 * URI's query (RFC 6749 §4.1.2, which keeps the URI's own query), or a form whose action is the redirect URI itself
 * (Form Post §2).
 */
export function authorizationResponse(
  mode: ResponseMode,
  redirectUri: string,
  parameters: [name: string, value: string][],
): AuthorizationResponse {
  const url = new URL(redirectUri);
  if (mode === 'form_post') {
    return { formPost: { action: url.toString(), fields: parameters } };
  }
  for (const [name, value] of parameters) {
    url.searchParams.append(name, value);
  }
  return { redirect: url.toString() };
}

function isResponseMode(value: string): value is ResponseMode {
  return (RESPONSE_MODES as readonly string[]).includes(value);
}
