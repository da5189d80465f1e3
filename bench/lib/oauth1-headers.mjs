// OAuth 1.0a HMAC-SHA1 Authorization headers (RFC 5849), written in plain node:crypto so the bench needs no
// TypeScript of the service. Every header has its own nonce: the service refuses a replayed one.
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** RFC 5849 §3.6: unreserved characters stay, everything else is %XX with uppercase hex. */
export function percentEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The header a client sends for `method baseUrl` (no query) with `credentials`
 * ({ consumerKey, consumerSecret, token, tokenSecret }).
 */
export function signedHeader(method, baseUrl, credentials, nonce, timestamp) {
  const protocol = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', nonce],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(timestamp)],
    ['oauth_token', credentials.token],
    ['oauth_version', '1.0'],
  ];
  const normalized = protocol
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([a, va], [b, vb]) => (a < b ? -1 : a > b ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const baseString = [method.toUpperCase(), percentEncode(baseUrl), percentEncode(normalized)].join('&');
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret)}`;
  const signature = createHmac('sha1', key).update(baseString).digest('base64');
  const pairs = [...protocol, ['oauth_signature', signature]].map(
    ([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`,
  );
  return `OAuth ${pairs.join(',')}`;
}

/** Writes `count` headers, one a line, each with a fresh nonce and the current timestamp. */
export function writeHeaderFile(path, count, method, baseUrl, credentials) {
  const timestamp = Math.floor(Date.now() / 1000);
  const prefix = randomBytes(6).toString('hex');
  const lines = new Array(count);
  for (let i = 0; i < count; i += 1) {
    lines[i] = signedHeader(method, baseUrl, credentials, `${prefix}${i.toString(36)}`, timestamp);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
