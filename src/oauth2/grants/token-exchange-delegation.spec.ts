import { Oauth2Error } from '../oauth2-error';
import { type ExchangeScopeSources, MAX_ACTORS, actorClaim, exchangedScopes } from './token-exchange-delegation';

const SOURCES: ExchangeScopeSources = {
  subjectScopes: ['basic', 'editpage', 'uploadfile', 'openid'],
  clientGrants: ['basic', 'editpage', 'openid', 'sendemail', 'token-exchange'],
  authorizedGrants: ['basic', 'editpage', 'sendemail', 'token-exchange'],
  requested: undefined,
  withheld: ['token-exchange'],
};

function refusal(run: () => unknown): Oauth2Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    return error as Oauth2Error;
  }
  throw new Error('expected an Oauth2Error');
}

describe('exchangedScopes', () => {
  it('is the subject token ∩ the client grants ∩ the user authorization, in the subject order', () => {
    expect(exchangedScopes(SOURCES)).toEqual(['basic', 'editpage']);
  });

  it('never carries the grants that only enable the exchange', () => {
    const sources = { ...SOURCES, subjectScopes: ['basic', 'token-exchange'] };
    expect(exchangedScopes(sources)).toEqual(['basic']);
  });

  it('narrows to a requested subset', () => {
    expect(exchangedScopes({ ...SOURCES, requested: ['editpage'] })).toEqual(['editpage']);
  });

  it.each([
    ['the subject token did not carry', 'sendemail'],
    ['the client was not granted', 'uploadfile'],
    ['the user did not authorize for this client', 'openid'],
    ['only enables the exchange', 'token-exchange'],
    ['nobody knows', 'nonsense'],
  ])('refuses widening to a scope %s', (_why, scope) => {
    const error = refusal(() => exchangedScopes({ ...SOURCES, requested: ['basic', scope] }));
    expect(error.error).toBe('invalid_scope');
    expect(error.description).toContain(scope);
  });

  it('refuses an exchange with nothing in common', () => {
    const error = refusal(() => exchangedScopes({ ...SOURCES, subjectScopes: ['uploadfile'] }));
    expect(error.error).toBe('invalid_scope');
  });
});

describe('actorClaim', () => {
  it('names the requesting client as the actor', () => {
    expect(actorClaim('client-b', undefined)).toEqual({ sub: 'client-b', client_id: 'client-b' });
  });

  it('nests the actors of a token exchanged before as prior actors', () => {
    const earlier = { sub: 'client-b', client_id: 'client-b' };
    expect(actorClaim('client-c', earlier)).toEqual({ sub: 'client-c', client_id: 'client-c', act: earlier });
  });

  it(`refuses a chain of more than ${MAX_ACTORS} actors`, () => {
    let chain = actorClaim('client-1', undefined);
    for (let index = 2; index <= MAX_ACTORS; index += 1) {
      chain = actorClaim(`client-${index}`, chain);
    }
    expect(refusal(() => actorClaim('one-too-many', chain)).error).toBe('invalid_request');
  });
});
