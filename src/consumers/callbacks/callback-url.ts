import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/** MediaWiki's limit for a registered callback (reference §2.2); it also bounds what a request makes us parse. */
const MAX_LENGTH = 2000;

/**
 * What a WHATWG parser drops without a word (tab, newline, the controls and spaces around a URL) or what a page
 * shows differently from where a browser goes: `https://accounts.good.example⏎.evil.example/cb` reads as
 * good.example but sends codes to evil.example (issue 19, row 6). Controls, format characters (zero-width, bidi,
 * the soft hyphen IDNA deletes), lone surrogates and every kind of white space.
 */
const HIDDEN_OR_SPACE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s]/u;

/**
 * RFC 8252 §7.1: a native app's private-use scheme is a reverse domain name it controls (`com.example.app`), so
 * it holds a period. Browser schemes such as `javascript:`, `data:`, `vbscript:`, `file:` or `blob:` hold none.
 */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+:$/;

/** Hosts a browser treats as a secure context over plain http (MediaWiki's list, reference §2.2). */
const SECURE_CONTEXT_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\]|.+\.localhost)$/;

export type CallbackReading = { url: URL } | { refusal: string };

/**
 * A callback URL read as a browser reads it (WHATWG), with what no protocol may send a browser to refused:
 * hidden characters, user names or passwords (CVE-2026-13707; RFC 9700 §4.1), fragments (RFC 6749 §3.1.2) and
 * any scheme but https, http and a private-use reverse-domain one (RFC 8252 §7.1, RFC 9700 §4.1). Registration,
 * every request parameter and every stored callback go through here before a browser is sent anywhere.
 */
export function readCallbackUrl(value: string): CallbackReading {
  if (value.length > MAX_LENGTH) {
    return { refusal: `must be at most ${MAX_LENGTH} characters` };
  }
  if (HIDDEN_OR_SPACE.test(value)) {
    return { refusal: 'must not contain white space, control or invisible characters' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { refusal: 'must be an absolute URL, scheme included' };
  }
  if (url.username !== '' || url.password !== '') {
    return { refusal: 'must not carry a user name or password' };
  }
  if (value.includes('#')) {
    return { refusal: 'must not carry a fragment' };
  }
  if (!isHttp(url) && !REVERSE_DOMAIN_SCHEME.test(url.protocol)) {
    return {
      refusal:
        'must use https, http, or a private-use scheme named after a domain you own such as com.example.app (RFC 8252 §7.1)',
    };
  }
  return { url };
}

/** Whether `value` may be sent a browser at all: stored callbacks from before these rules are read again. */
export function isUsableCallback(value: string): boolean {
  return 'url' in readCallbackUrl(value);
}

export interface CallbackRules {
  oauthVersion: 1 | 2;
  confidential: boolean;
  isPrefix: boolean;
}

export interface AcceptedCallback {
  /** The WHATWG-serialized form: what is stored, compared and shown to admins (issue 19, row 6). */
  url: string;
  warnings: string[];
}

/**
 * The registration rules of reference §2.2 on top of {@link readCallbackUrl}, for every way a consumer is
 * registered (API, pages, MediaWiki REST, configuration):
 * - a private-use scheme only for public OAuth 2 clients, the native apps of RFC 8252 §7.1;
 * - OAuth 2 over plain http only for loopback and `*.localhost` hosts (RFC 8252 §7.3, RFC 9700 §2.6 / §4.1);
 * - a bare domain is allowed with a warning, except for OAuth 1 prefixes.
 * Throws on errors.
 */
export function checkCallbackUrl(value: string, rules: CallbackRules): AcceptedCallback {
  const refuse = (reason: string) => new ConsumerException(ConsumerErrorCode.InvalidCallbackUrl, reason);
  const reading = readCallbackUrl(value);
  if ('refusal' in reading) {
    throw refuse(`callbackUrl ${reading.refusal}`);
  }
  const { url } = reading;
  if (!isHttp(url)) {
    if (rules.oauthVersion === 1 || rules.confidential) {
      throw refuse('Custom schemes are only for OAuth 2 public (non-confidential) clients');
    }
    return { url: url.href, warnings: [] };
  }
  if (rules.oauthVersion === 2 && url.protocol === 'http:' && !isSecureContextHost(url.hostname)) {
    throw refuse('Non-local OAuth 2 callback URLs must use the https scheme');
  }
  const warnings: string[] = [];
  const bare = url.pathname === '/' && url.search === '';
  if (bare && !(rules.oauthVersion === 1 && rules.isPrefix)) {
    warnings.push('The callback URL is a bare domain; it should name the page that receives the answer');
  }
  return { url: url.href, warnings };
}

/** Whether a browser treats `hostname` (as `URL.hostname` gives it) as a secure context over plain http. */
export function isSecureContextHost(hostname: string): boolean {
  return SECURE_CONTEXT_HOST.test(hostname);
}

function isHttp(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:';
}
