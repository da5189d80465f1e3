/**
 * Problem codes of the OAuth Problem Reporting extension (wiki.oauth.net/ProblemReporting), which names the
 * ways RFC 5849 §3.2 lets a signed request fail. The endpoints map them to MediaWiki's E001–E012 answers.
 */
export type OAuth1Problem =
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'signature_method_rejected'
  | 'version_rejected'
  | 'signature_invalid'
  | 'timestamp_refused'
  | 'nonce_used';

/**
 * RFC 5849 §3.2: 400 for unsupported, missing or duplicated parameters and unsupported signature methods;
 * 401 for an invalid signature or a used nonce. A stale timestamp counts as 401 too, as in oauthlib and in
 * MediaWiki, where it fails the signature check. Messages follow MediaWiki's where it has one.
 */
export abstract class OAuth1Error extends Error {
  abstract readonly problem: OAuth1Problem;
  abstract readonly status: 400 | 401;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A required protocol parameter is missing or empty (`oauth_parameters_absent` lists them). */
export class ParameterAbsentError extends OAuth1Error {
  readonly problem = 'parameter_absent';
  readonly status = 400;

  constructor(readonly parameters: readonly string[]) {
    super(`Missing required parameter${parameters.length === 1 ? '' : 's'}: ${parameters.join(', ')}`);
  }
}

/**
 * The request cannot be read as an OAuth request: a duplicated protocol parameter, protocol parameters in more
 * than one place (RFC 5849 §3.5), a malformed Authorization header or value (`oauth_parameters_rejected`).
 */
export class ParameterRejectedError extends OAuth1Error {
  readonly problem = 'parameter_rejected';
  readonly status = 400;

  constructor(
    message: string,
    readonly parameters: readonly string[] = [],
  ) {
    super(message);
  }
}

export class SignatureMethodRejectedError extends OAuth1Error {
  readonly problem = 'signature_method_rejected';
  readonly status = 400;

  constructor(
    readonly method: string,
    readonly allowed: readonly string[],
  ) {
    super(`Signature method '${method}' not supported try one of the following: ${allowed.join(', ')}`);
  }
}

/** RFC 5849 §3.1: `oauth_version`, when present, must be `1.0` (MediaWiki refuses `1.0a` too). */
export class VersionRejectedError extends OAuth1Error {
  readonly problem = 'version_rejected';
  readonly status = 400;
  /** `oauth_acceptable_versions` */
  readonly acceptable = '1.0-1.0';

  constructor(readonly version: string) {
    super(`OAuth version '${version}' not supported`);
  }
}

export class SignatureInvalidError extends OAuth1Error {
  readonly problem = 'signature_invalid';
  readonly status = 401;

  constructor() {
    super('Invalid signature');
  }
}

/** The timestamp is outside the window (RFC 5849 §3.3); `acceptable` is `oauth_acceptable_timestamps`. */
export class TimestampRefusedError extends OAuth1Error {
  readonly problem = 'timestamp_refused';
  readonly status = 401;

  constructor(
    readonly timestamp: string,
    readonly now: number,
    readonly acceptable: { readonly min: number; readonly max: number },
  ) {
    super(`Expired timestamp, yours ${timestamp}, ours ${now}`);
  }
}

/** Thrown by the caller when the atomic add of the nonce key (nonce-key.ts) finds it already there. */
export class NonceUsedError extends OAuth1Error {
  readonly problem = 'nonce_used';
  readonly status = 401;

  constructor(readonly nonce: string) {
    super(`Nonce already used: ${nonce}`);
  }
}
