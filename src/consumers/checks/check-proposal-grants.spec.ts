import { GrantCatalogue } from '../../grants/grant-catalogue';
import { ConsumerException } from '../consumer.exception';
import { checkProposalGrants } from './check-proposal-grants';

describe('checkProposalGrants (reference §2.2, §6.2)', () => {
  const catalogue = new GrantCatalogue({ files: {} });

  it('adds the hidden grants to normal ones', () => {
    expect(checkProposalGrants(['editpage'], catalogue, 2)).toEqual(['basic', 'editpage']);
  });

  it('keeps an auth-only grant alone, and refuses it in company', () => {
    expect(checkProposalGrants(['mwoauth-authonly'], catalogue, 2)).toEqual(['mwoauth-authonly']);
    expect(() => checkProposalGrants(['mwoauth-authonly', 'openid'], catalogue, 2)).toThrow(ConsumerException);
  });

  it("keeps a set of OpenID Connect's scopes identity-only, and adds the hidden grants when it asks for more", () => {
    expect(checkProposalGrants(['openid', 'email', 'openid'], catalogue, 2)).toEqual(['openid', 'email']);
    expect(checkProposalGrants(['openid', 'editpage'], catalogue, 2)).toEqual(['basic', 'openid', 'editpage']);
  });

  it("keeps OpenID Connect's scopes to OAuth 2 consumers", () => {
    expect(() => checkProposalGrants(['basic', 'openid'], catalogue, 1)).toThrow(
      'OpenID Connect scopes are for OAuth 2 consumers only: openid',
    );
    expect(checkProposalGrants(['mwoauth-authonly'], catalogue, 1)).toEqual(['mwoauth-authonly']);
  });

  it('keeps token-exchange to OAuth 2 consumers', () => {
    expect(checkProposalGrants(['token-exchange'], catalogue, 2)).toEqual(['basic', 'token-exchange']);
    expect(() => checkProposalGrants(['token-exchange'], catalogue, 1)).toThrow(
      'token-exchange is for OAuth 2 consumers only',
    );
  });

  it('refuses unknown names', () => {
    expect(() => checkProposalGrants(['openid', 'nope'], catalogue, 2)).toThrow('Invalid grant names: nope');
  });
});
