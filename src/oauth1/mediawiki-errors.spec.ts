import { OAUTH1_ERRORS, describeError } from './mediawiki-errors';

describe('MediaWiki OAuth 1 errors', () => {
  it('keeps MediaWiki texts that clients match on (reference mediawiki-wire.md)', () => {
    expect(OAUTH1_ERRORS.tokenUsed().message).toBe(
      'This request has already been completed and cannot be resubmitted.',
    );
    expect(OAUTH1_ERRORS.badCallback(false).message).toBe(
      'oauth_callback must be set, and must be set to "oob" (case-sensitive)',
    );
    expect(OAUTH1_ERRORS.protocol('Invalid signature', 401)).toMatchObject({
      key: 'mwoauth-oauth-exception',
      message: 'An error occurred in the OAuth protocol: Invalid signature',
    });
  });

  it('points coded errors at their help section', () => {
    expect(describeError(OAUTH1_ERRORS.tokenUsed())).toContain('Help:OAuth/Errors#E009');
    expect(describeError(OAUTH1_ERRORS.noToken())).toBe('No token was found matching your request.');
  });
});
