import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';
import { checkCallbackUrl, isSecureContextHost, readCallbackUrl } from './callback-url';

/** Enough for a client's environments; it also bounds what one registration makes us parse and store. */
export const MAX_POST_LOGOUT_REDIRECT_URIS = 10;

export interface LogoutUrisInput {
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
}

export interface LogoutUrisRules {
  oauthVersion: 1 | 2;
  confidential: boolean;
  ownerOnly: boolean;
}

export interface LogoutUris {
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
}

/**
 * The OpenID Connect logout URIs a consumer registers, for every way it is registered (API, pages, MediaWiki REST,
 * configuration). Both are OpenID Connect, so OAuth 2 only; and both follow a browser sign-in, which an owner-only
 * client never has. Throws on errors, naming the field.
 */
export function checkLogoutUris(input: LogoutUrisInput, rules: LogoutUrisRules): LogoutUris {
  const uris = input.postLogoutRedirectUris;
  const backchannel = input.backchannelLogoutUri;
  if (uris === undefined && backchannel === undefined) {
    return { postLogoutRedirectUris: [], backchannelLogoutUri: null };
  }
  const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidField, message);
  if (rules.oauthVersion !== 2) {
    throw refuse('postLogoutRedirectUris and backchannelLogoutUri are for OAuth 2 consumers only');
  }
  if (rules.ownerOnly && ((uris?.length ?? 0) > 0 || backchannel !== undefined)) {
    throw refuse('Owner-only clients sign nobody in, so they have no postLogoutRedirectUris or backchannelLogoutUri');
  }
  return {
    postLogoutRedirectUris: checkPostLogoutRedirectUris(uris ?? [], rules.confidential),
    backchannelLogoutUri: backchannel === undefined ? null : checkBackchannelLogoutUri(backchannel),
  };
}

/**
 * RP-Initiated Logout 1.0 §3.1 (`post_logout_redirect_uris`): where a logout may send the browser back to, so
 * exactly the rules of a redirect URI (RFC 6749 §3.1.2, RFC 8252 §7, reference §2.2), never a prefix; stored
 * WHATWG-serialized, as logout requests are compared to them, once each.
 */
function checkPostLogoutRedirectUris(uris: string[], confidential: boolean): string[] {
  const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidPostLogoutRedirectUri, message);
  if (uris.length > MAX_POST_LOGOUT_REDIRECT_URIS) {
    throw refuse(`postLogoutRedirectUris must hold at most ${MAX_POST_LOGOUT_REDIRECT_URIS} URIs`);
  }
  const serialized = uris.map((uri, index) => {
    const field = `postLogoutRedirectUris[${index}]`;
    const reading = readCallbackUrl(uri);
    if ('refusal' in reading) {
      throw refuse(`${field} ${reading.refusal}`);
    }
    try {
      return checkCallbackUrl(uri, { oauthVersion: 2, confidential, isPrefix: false }).url;
    } catch (error) {
      throw error instanceof ConsumerException ? refuse(`${field}: ${error.message}`) : error;
    }
  });
  return [...new Set(serialized)];
}

/**
 * Back-Channel Logout 1.0 §2.2 (`backchannel_logout_uri`): an absolute URI without a fragment, where the server
 * POSTs logout tokens. Https, or http to a loopback or `*.localhost` host (a developer's machine); no custom scheme,
 * since a server, not a browser, receives it; no user name or password (RFC 9700 §4.1). Stored WHATWG-serialized.
 */
function checkBackchannelLogoutUri(value: string): string {
  const refuse = (reason: string) =>
    new ConsumerException(ConsumerErrorCode.InvalidBackchannelLogoutUri, `backchannelLogoutUri ${reason}`);
  const reading = readCallbackUrl(value);
  if ('refusal' in reading) {
    throw refuse(reading.refusal);
  }
  const { url } = reading;
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isSecureContextHost(url.hostname));
  if (!secure) {
    throw refuse('must use https (or http to a loopback or *.localhost host)');
  }
  return url.href;
}
