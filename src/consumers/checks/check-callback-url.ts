import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

const MAX_LENGTH = 2000;
const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\]|.+\.localhost)$/i;

export interface CallbackContext {
  oauthVersion: 1 | 2;
  confidential: boolean;
  isPrefix: boolean;
}

/**
 * Callback rules of reference §2.2:
 * - at most 2000 characters, an absolute URL, with no user name or password in it;
 * - a custom scheme (not http/https) only for public OAuth 2 clients (RFC 8252 native apps), with a warning
 *   unless it is reverse-domain style (`com.example.app:`);
 * - OAuth 2 over plain http only for loopback and `*.localhost` hosts;
 * - a bare domain (no path, query or fragment) is allowed with a warning, except for OAuth 1 prefixes.
 * Answers the warnings; throws on errors.
 */
export function checkCallbackUrl(value: string, context: CallbackContext): string[] {
  const refuse = (reason: string) => new ConsumerException(ConsumerErrorCode.InvalidCallbackUrl, reason);
  if (value.length > MAX_LENGTH) {
    throw refuse(`callbackUrl must be at most ${MAX_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('callbackUrl must be an absolute URL, scheme included');
  }
  if (url.username || url.password) {
    throw refuse('callbackUrl must not carry a user name or password');
  }
  const scheme = url.protocol.slice(0, -1);
  const warnings: string[] = [];
  if (scheme !== 'http' && scheme !== 'https') {
    if (context.oauthVersion === 1 || context.confidential) {
      throw refuse('Custom schemes are only for OAuth 2 public (non-confidential) clients');
    }
    if (!scheme.includes('.')) {
      warnings.push('Custom schemes should be reverse-domain names such as com.example.app (RFC 8252 §7.1)');
    }
    return warnings;
  }
  if (context.oauthVersion === 2 && scheme === 'http' && !LOCAL_HOSTS.test(url.hostname)) {
    throw refuse('Non-local OAuth 2 callback URLs must use the https scheme');
  }
  const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  if (bare && !(context.oauthVersion === 1 && context.isPrefix)) {
    warnings.push('The callback URL is a bare domain; it should name the page that receives the answer');
  }
  return warnings;
}
