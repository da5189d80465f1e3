import type { MediaWikiOauthError } from './mediawiki-errors';

/** A refused OAuth 1 step, carrying the MediaWiki error to answer with. */
export class Oauth1Refusal extends Error {
  constructor(readonly error: MediaWikiOauthError) {
    super(error.message);
    this.name = 'Oauth1Refusal';
  }
}
