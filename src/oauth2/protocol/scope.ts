import { Oauth2Error } from '../oauth2-error';

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The scopes of a `scope` parameter, without repeats; undefined when it was not given. */
export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const scopes = value.split(' ').filter((scope) => scope !== '');
  if (scopes.some((scope) => !SCOPE_TOKEN.test(scope))) {
    throw new Oauth2Error('invalid_scope', 'The scope parameter holds characters RFC 6749 §3.3 does not allow');
  }
  return [...new Set(scopes)];
}
