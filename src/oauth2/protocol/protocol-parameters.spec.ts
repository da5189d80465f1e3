import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { assertForm, parameter } from './protocol-parameters';

const FORM = 'application/x-www-form-urlencoded';

function fakeRequest(parts: { query?: unknown; body?: unknown; contentType?: string }): AppRequest {
  const request = {
    query: parts.query ?? {},
    body: parts.body,
    // Express answers the matching type, or false (null when there is no body at all).
    is: (type: string) => (parts.contentType === undefined ? null : parts.contentType === type && type),
  };
  return request as unknown as AppRequest;
}

function invalidRequest(run: () => unknown): Oauth2Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    expect((error as Oauth2Error).error).toBe('invalid_request');
    return error as Oauth2Error;
  }
  throw new Error('expected an Oauth2Error');
}

describe('parameter', () => {
  it('reads a single value from the query or the body', () => {
    const request = fakeRequest({ query: { state: 'q' }, body: { state: 'b' } });
    expect(parameter(request, 'state', 'query')).toBe('q');
    expect(parameter(request, 'state', 'body')).toBe('b');
  });

  it('reads only the source it is asked for', () => {
    const request = fakeRequest({ query: { code: 'from-query' }, body: {} });
    expect(parameter(request, 'code', 'body')).toBeUndefined();
  });

  it('takes an absent or empty value as not given', () => {
    const request = fakeRequest({ query: { scope: '' }, body: { scope: '' } });
    expect(parameter(request, 'scope', 'query')).toBeUndefined();
    expect(parameter(request, 'scope', 'body')).toBeUndefined();
    expect(parameter(request, 'state', 'query')).toBeUndefined();
  });

  it('takes a request without a parsed body as one without parameters there', () => {
    expect(parameter(fakeRequest({}), 'grant_type', 'body')).toBeUndefined();
  });

  it.each([
    ['a repeated parameter', ['a', 'b']],
    ['a single-element array', ['a']],
    ['an empty array', []],
    ['a bracketed object', { nested: 'x' }],
    ['a number from a JSON body', 42],
    ['null from a JSON body', null],
  ])('refuses %s with invalid_request, in the query and in the body', (_label, value) => {
    const request = fakeRequest({ query: { scope: value }, body: { scope: value } });
    const fromQuery = invalidRequest(() => parameter(request, 'scope', 'query'));
    expect(fromQuery.status).toBe(400);
    expect(fromQuery.description).toContain('scope');
    invalidRequest(() => parameter(request, 'scope', 'body'));
  });
});

describe('assertForm', () => {
  it('lets a form through', () => {
    expect(() => assertForm(fakeRequest({ body: {}, contentType: FORM }))).not.toThrow();
  });

  it.each([
    ['JSON', 'application/json'],
    ['multipart', 'multipart/form-data'],
    ['plain text', 'text/plain'],
  ])('refuses a %s body with invalid_request', (_label, contentType) => {
    invalidRequest(() => assertForm(fakeRequest({ body: {}, contentType })));
  });

  it('refuses a request without a body', () => {
    invalidRequest(() => assertForm(fakeRequest({})));
  });
});
