/**
 * The errors of MediaWiki's `Special:OAuth` (reference §4.9): a code where MediaWiki has one, the message key
 * clients may match on, the English text, and the status. MediaWiki answers everything with 200; Gatehouse
 * keeps its bodies byte for byte (python-mwoauth reads only the body) and adds RFC 5849 §3.2 statuses.
 */
export interface MediaWikiOauthError {
  code?: `E0${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12'}`;
  key: string;
  message: string;
  status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 431 | 503;
  /** Seconds to wait, sent as `Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3) with a 429 or a 503. */
  retryAfter?: number;
}

const HELP = 'https://www.mediawiki.org/wiki/Special:MyLanguage/Help:OAuth/Errors';

export const OAUTH1_ERRORS = {
  missingParameters: (): MediaWikiOauthError => ({
    code: 'E001',
    key: 'mwoauth-bad-request-missing-params',
    message: 'Sorry, something went wrong configuring this connected application. OAuth missing parameters.',
    status: 400,
  }),
  unknownUrl: (): MediaWikiOauthError => ({
    code: 'E002',
    key: 'mwoauth-bad-request-invalid-action',
    message: 'Unknown URL',
    status: 404,
  }),
  unknownUrlContact: (app: string, owner: string): MediaWikiOauthError => ({
    code: 'E003',
    key: 'mwoauth-bad-request-invalid-action-contact',
    message: `Unknown URL. Contact ${owner}, the developer of "${app}", about this problem.`,
    status: 404,
  }),
  requestTokenNotFound: (): MediaWikiOauthError => ({
    code: 'E004',
    key: 'mwoauthdatastore-request-token-not-found',
    message: 'OAuth token not found',
    status: 401,
  }),
  notApproved: (app: string): MediaWikiOauthError => ({
    code: 'E005',
    key: 'mwoauthserver-bad-consumer',
    message: `"${app}" is not approved as a Connected App. Contact the application developer for help.`,
    status: 401,
  }),
  unknownKey: (): MediaWikiOauthError => ({
    code: 'E006',
    key: 'mwoauthserver-bad-consumer-key',
    message: 'Unknown OAuth key',
    status: 401,
  }),
  insufficientRights: (): MediaWikiOauthError => ({
    code: 'E007',
    key: 'mwoauthserver-insufficient-rights',
    message: 'Your account is not allowed to use Connected Apps',
    status: 403,
  }),
  tokenUsed: (): MediaWikiOauthError => ({
    code: 'E009',
    key: 'mwoauthdatastore-request-token-already-used',
    message: 'This request has already been completed and cannot be resubmitted.',
    status: 401,
  }),
  ownerOnly: (app: string, key: string): MediaWikiOauthError => ({
    code: 'E010',
    key: 'mwoauthserver-consumer-owner-only',
    message: `"${app}" is an owner-only Connected App. To fetch the access token, see [[Special:OAuthConsumerRegistration/update/${key}]].`,
    status: 401,
  }),
  noSecret: (): MediaWikiOauthError => ({
    code: 'E011',
    key: 'mwoauthserver-consumer-no-secret',
    message: 'Consumer has no secret key',
    status: 401,
  }),
  wrongVersion: (): MediaWikiOauthError => ({
    code: 'E012',
    key: 'mwoauthserver-bad-consumer-version',
    message: 'Wrong OAuth version',
    status: 401,
  }),
  badCallback: (prefix: boolean): MediaWikiOauthError => ({
    key: 'mwoauth-callback-not-oob',
    message: prefix
      ? 'oauth_callback must be set, and must be set to "oob" (case-sensitive), or the configured callback must be a prefix of the supplied callback.'
      : 'oauth_callback must be set, and must be set to "oob" (case-sensitive)',
    status: 400,
  }),
  badIp: (): MediaWikiOauthError => ({
    key: 'mwoauth-invalid-authorization-blocked-ip',
    message: 'The request came from an invalid IP address.',
    status: 403,
  }),
  notUsable: (app: string): MediaWikiOauthError => ({
    key: 'mwoauth-invalid-authorization-not-approved',
    message: `The app that you are trying to connect seems to be set up incorrectly. Contact the author of "${app}" for help.`,
    status: 401,
  }),
  accessTokenNotFound: (): MediaWikiOauthError => ({
    key: 'mwoauthdatastore-access-token-not-found',
    message: 'No approved grant was found for that authorization token.',
    status: 401,
  }),
  badVerifier: (): MediaWikiOauthError => ({
    key: 'mwoauthdatastore-bad-verifier',
    message: 'The verification code provided was not valid.',
    status: 401,
  }),
  noToken: (): MediaWikiOauthError => ({
    key: 'mwoauthdatastore-bad-token',
    message: 'No token was found matching your request.',
    status: 401,
  }),
  insecureTransfer: (): MediaWikiOauthError => ({
    key: 'mwoauth-secure-transfer-required',
    message: 'Secrets are only sent over https on this server (OAUTH_SECURE_TOKEN_TRANSFER).',
    status: 403,
  }),
  /** MediaWiki's answer to a form posted without the session's edit token (or from another session). */
  sessionFailure: (): MediaWikiOauthError => ({
    key: 'sessionfailure',
    message: 'Your session expired; go back and try again.',
    status: 403,
  }),
  /**
   * A per-address abuse limit (`RATE_LIMIT_OAUTH1`), with the key and text of MediaWiki's own rate limits
   * (`actionthrottled`, `$wgRateLimits`); 429 with `Retry-After` (RFC 6585 §4) where MediaWiki answers 200.
   */
  throttled: (retryAfter: number): MediaWikiOauthError => ({
    key: 'actionthrottled',
    message:
      'As an anti-abuse measure, you are limited from performing this action too many times in a short space of ' +
      'time, and you have exceeded this limit. Please try again in a few minutes.',
    status: 429,
    retryAfter,
  }),
  /** The database or Redis not answering: not MediaWiki's (its PHP would fail with a database error page). */
  unavailable: (retryAfter: number): MediaWikiOauthError => ({
    key: 'mwoauth-storage-unavailable',
    message: 'The OAuth service cannot reach its storage right now; try again in a few seconds',
    status: 503,
    retryAfter,
  }),
  readOnly: (): MediaWikiOauthError => ({
    key: 'mwoauth-db-readonly',
    message: 'The OAuth database is temporarily locked',
    status: 503,
  }),
  /** Errors of the protocol itself (signature, nonce, timestamp, parameters), as MediaWiki wraps them. */
  protocol: (detail: string, status: 400 | 401 | 413 | 415 | 431): MediaWikiOauthError => ({
    key: 'mwoauth-oauth-exception',
    message: `An error occurred in the OAuth protocol: ${detail}`,
    status,
  }),
} as const;

/** The text of the error, with MediaWiki's pointer to its help page when it has a code. */
export function describeError(error: MediaWikiOauthError): string {
  return error.code ? `${error.message} (${error.code}: ${HELP}#${error.code})` : error.message;
}
