import { Oauth2Error } from '../oauth2-error';
import type { ProtocolRequest } from './protocol-request';

type Source = 'query' | 'body';

/**
 * One OAuth parameter (RFC 6749 §3.1, §3.2): absent, or a single string. A repeated or structured value is an
 * `invalid_request` (attack case 10), never a crash; an empty value counts as absent.
 */
export function parameter(request: ProtocolRequest, name: string, source: Source): string | undefined {
  const values = (source === 'query' ? request.query : request.body) as Record<string, unknown> | undefined;
  const value = values?.[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Oauth2Error('invalid_request', `The ${name} parameter must be given once, as text`);
  }
  return value;
}

/** Token-type requests are forms (RFC 6749 §4.1.3): anything else is refused before it is read. */
export function assertForm(request: ProtocolRequest): void {
  if (!request.is('application/x-www-form-urlencoded')) {
    throw new Oauth2Error('invalid_request', 'The request body must be application/x-www-form-urlencoded');
  }
}
