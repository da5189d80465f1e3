import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { authorizationResponse, checkResponseMode, responseModeFor } from './response-mode';

const WEB = 'https://app.example/cb';
const NATIVE = 'com.example.app:/cb';

function withMode(responseMode: unknown): AppRequest {
  return { query: responseMode === undefined ? {} : { response_mode: responseMode } } as unknown as AppRequest;
}

function refusal(run: () => unknown): Oauth2Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    return error as Oauth2Error;
  }
  throw new Error('expected an Oauth2Error');
}

describe('checkResponseMode', () => {
  it('reads query by default, and as asked for', () => {
    expect(checkResponseMode(withMode(undefined), WEB)).toBe('query');
    expect(checkResponseMode(withMode(''), WEB)).toBe('query');
    expect(checkResponseMode(withMode('query'), WEB)).toBe('query');
    expect(checkResponseMode(withMode('form_post'), WEB)).toBe('form_post');
    expect(checkResponseMode(withMode('form_post'), 'http://127.0.0.1:8080/cb')).toBe('form_post');
    expect(checkResponseMode(withMode('query'), NATIVE)).toBe('query');
  });

  it.each(['fragment', 'FORM_POST', 'form_post ', 'jwt', 'query.jwt'])('refuses %j with invalid_request', (mode) => {
    const error = refusal(() => checkResponseMode(withMode(mode), WEB));
    expect(error.error).toBe('invalid_request');
    expect(error.description).toBe('Unsupported response_mode; use one of: query, form_post');
  });

  it('refuses a repeated or structured response_mode', () => {
    expect(refusal(() => checkResponseMode(withMode(['form_post', 'query']), WEB)).error).toBe('invalid_request');
    expect(refusal(() => checkResponseMode(withMode({ a: 'form_post' }), WEB)).error).toBe('invalid_request');
  });

  it('refuses form_post to a private-use scheme, which cannot receive an HTTP POST', () => {
    const error = refusal(() => checkResponseMode(withMode('form_post'), NATIVE));
    expect(error.error).toBe('invalid_request');
    expect(error.description).toContain('http or https redirect URI');
  });
});

describe('responseModeFor', () => {
  it('answers in the mode asked for, and by query where that mode is refused', () => {
    expect(responseModeFor(withMode('form_post'), WEB)).toBe('form_post');
    expect(responseModeFor(withMode('fragment'), WEB)).toBe('query');
    expect(responseModeFor(withMode(['form_post', 'form_post']), WEB)).toBe('query');
    expect(responseModeFor(withMode('form_post'), NATIVE)).toBe('query');
  });
});

describe('authorizationResponse', () => {
  const parameters: [string, string][] = [
    ['code', 'c&d'],
    ['state', 'a b'],
    ['iss', 'https://auth.example'],
  ];

  it('adds the parameters to the query of the redirect URI, keeping its own', () => {
    expect(authorizationResponse('query', 'https://app.example/cb?tenant=1', parameters)).toEqual({
      redirect: 'https://app.example/cb?tenant=1&code=c%26d&state=a+b&iss=https%3A%2F%2Fauth.example',
    });
  });

  it('posts them, in order, to the redirect URI', () => {
    expect(authorizationResponse('form_post', 'https://APP.example/cb?tenant=1', parameters)).toEqual({
      formPost: { action: 'https://app.example/cb?tenant=1', fields: parameters },
    });
  });
});
