import { isResourceIndicator } from '../../config/protected-resources';
import type { Consumer } from '../../consumers/consumer';
import { Oauth2Error } from '../oauth2-error';
import type { ProtocolRequest } from '../protocol/protocol-request';

/**
 * The `resource` of an authorization or token request (RFC 8707 §2), checked against what the client may ask for.
 *
 * One per request: RFC 8707 lets a client repeat `resource`, but an access token here is a JWT whose `aud` is a
 * single string that the verifier, introspection and every gateway read as one audience, and a token good at two
 * resource servers is one each of them could replay at the other (RFC 9700 §2.3). A client that needs two asks twice.
 * Undefined when the request names none: the token is then MediaWiki's, with the client as its audience.
 */
export function requestedResource(
  request: ProtocolRequest,
  source: 'query' | 'body',
  consumer: Consumer,
): string | undefined {
  const values = (source === 'query' ? request.query : request.body) as Record<string, unknown> | undefined;
  const value = values?.resource;
  if (value === undefined || value === '') {
    return undefined;
  }
  if (Array.isArray(value)) {
    throw new Oauth2Error('invalid_target', 'Ask for one resource per request; each token has one audience');
  }
  if (typeof value !== 'string') {
    throw new Oauth2Error('invalid_request', 'The resource parameter must be given once, as text');
  }
  // §2: "absolute URI ... MUST NOT include a fragment component"; otherwise `invalid_target`.
  if (!isResourceIndicator(value)) {
    throw new Oauth2Error('invalid_target', 'The resource must be an absolute URI without a fragment');
  }
  // §2: the server may refuse a resource the client is not allowed; the allowed ones are what its admins approved.
  if (!consumer.resources.includes(value)) {
    throw new Oauth2Error('invalid_target', 'This client may not ask for tokens for that resource');
  }
  return value;
}

/**
 * §2.2: at the token endpoint the resource may only narrow what was granted. A grant made for a resource stays bound
 * to it (leaving `resource` out keeps it); a grant made for none has the client as its audience and cannot be turned
 * into a token for a resource server the user was never told about.
 */
export function grantedResource(granted: string | undefined, requested: string | undefined): string | undefined {
  if (requested !== undefined && requested !== granted) {
    throw new Oauth2Error('invalid_target', 'The resource was not part of this grant');
  }
  return granted;
}
