import { GrantCatalogue } from '../../grants/grant-catalogue';
import { ConsumerException } from '../consumer.exception';
import { checkProposalGrants } from './check-proposal-grants';

describe('checkProposalGrants (reference §2.2, §6.2)', () => {
  const catalogue = new GrantCatalogue({ files: {} });

  it('adds the hidden grants to normal ones', () => {
    expect(checkProposalGrants(['editpage'], catalogue)).toEqual(['basic', 'editpage']);
  });

  it('keeps an auth-only grant alone, and refuses it in company', () => {
    expect(checkProposalGrants(['mwoauth-authonly'], catalogue)).toEqual(['mwoauth-authonly']);
    expect(() => checkProposalGrants(['mwoauth-authonly', 'openid'], catalogue)).toThrow(ConsumerException);
  });

  it("keeps a set of OpenID Connect's scopes identity-only, and adds the hidden grants when it asks for more", () => {
    expect(checkProposalGrants(['openid', 'email', 'openid'], catalogue)).toEqual(['openid', 'email']);
    expect(checkProposalGrants(['openid', 'editpage'], catalogue)).toEqual(['basic', 'openid', 'editpage']);
  });

  it('refuses unknown names', () => {
    expect(() => checkProposalGrants(['openid', 'nope'], catalogue)).toThrow('Invalid grant names: nope');
  });
});
