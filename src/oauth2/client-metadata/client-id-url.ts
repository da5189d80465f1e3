/**
 * Whether a `client_id` is the address of a Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document
 * §3): an https URL with a path other than `/`, no fragment, no user name or password, and no `.` or `..` segment.
 * The client id is compared with the document's as a string (§4.1), so only the URL's canonical form is one: a URL the
 * parser would rewrite (a `.` or `..` segment, even percent-encoded, an upper-case host, the default port) is not.
 */
export function isClientIdUrl(clientId: string): boolean {
  if (!clientId.startsWith('https://') || clientId.length > MAX_CLIENT_ID_URL_LENGTH) {
    return false;
  }
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  return url.href === clientId && url.pathname !== '/' && url.hash === '' && url.username === '' && url.password === '';
}

/** Longer addresses are not worth fetching; the consumer registry keeps callback URLs to the same bound. */
export const MAX_CLIENT_ID_URL_LENGTH = 2000;
