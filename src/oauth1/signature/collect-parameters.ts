import { parseAuthorizationHeader } from './authorization-header';
import { type Parameter, parseForm } from './form-parameters';
import { ParameterAbsentError, ParameterRejectedError, VersionRejectedError } from './oauth1-errors';

/** The parts of an HTTP request that carry OAuth 1 parameters, as received (nothing decoded yet). */
export interface SignedRequest {
  /** the `Authorization` header value, if any */
  readonly authorization?: string;
  /** the raw query component, without the `?` */
  readonly query?: string;
  readonly contentType?: string;
  /** the raw entity-body; read only when the content type is `application/x-www-form-urlencoded` */
  readonly body?: string;
}

export type ParameterLocation = 'header' | 'body' | 'query';

/** The `oauth_*` parameters, decoded. Required ones are present and non-empty; `token` may be empty. */
export interface ProtocolParameters {
  readonly consumerKey: string;
  readonly signatureMethod: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly token?: string;
  readonly version?: string;
  readonly callback?: string;
  readonly verifier?: string;
}

export interface CollectedParameters {
  /** every pair of the three sources (query, header, body), `oauth_signature` included, for base-string.ts */
  readonly parameters: readonly Parameter[];
  readonly protocol: ProtocolParameters;
  /** where the client put the protocol parameters */
  readonly location: ParameterLocation;
}

/** RFC 5849 §3.5, in its order of preference */
const LOCATIONS: readonly ParameterLocation[] = ['header', 'body', 'query'];

const isProtocolParameter = ([name]: Parameter) => name.startsWith('oauth_');

/** RFC 5849 §3.4.1.3.1: the body counts only when it is declared form-encoded (a single-part type). */
function isFormEncoded(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * Collects the parameters of RFC 5849 §3.4.1.3.1 from the query, the `Authorization: OAuth` header and a
 * form-encoded body, and picks out the protocol parameters. Refuses, before anything is looked up:
 * - `oauth_*` parameters in more than one place (§3.5: "one and only one of the following locations"), or one
 *   sent twice (§3.1 step 2) → 400 parameter_rejected;
 * - `oauth_version` other than `1.0` (§3.1) → 400 version_rejected;
 * - a required parameter missing or empty → 400 parameter_absent, all of them named at once.
 */
export function collectParameters(request: SignedRequest): CollectedParameters {
  const sources: Record<ParameterLocation, Parameter[]> = {
    query: parseForm(request.query ?? ''),
    header: request.authorization === undefined ? [] : (parseAuthorizationHeader(request.authorization) ?? []),
    body: isFormEncoded(request.contentType) ? parseForm(request.body ?? '') : [],
  };

  const used = LOCATIONS.filter((where) => sources[where].some(isProtocolParameter));
  if (used.length > 1) {
    throw new ParameterRejectedError(`OAuth parameters must be sent in one place only, not in ${used.join(' and ')}`);
  }
  // with no oauth_* parameter anywhere, every required one is reported absent below
  const location = used[0] ?? 'header';
  const oauth = new Map<string, string>();
  for (const [name, value] of sources[location].filter(isProtocolParameter)) {
    if (oauth.has(name)) {
      throw new ParameterRejectedError(`Duplicate OAuth parameter: ${name}`, [name]);
    }
    oauth.set(name, value);
  }

  const version = oauth.get('oauth_version');
  if (version !== undefined && version !== '1.0') {
    throw new VersionRejectedError(version);
  }
  // Required for every signature method, PLAINTEXT included. RFC 5849 §3.1 lets PLAINTEXT omit the timestamp
  // and nonce, but MediaWiki checks both before it looks at the method, and without them a PLAINTEXT request
  // can be replayed by whoever sees it after TLS ends (a logging proxy, say). Empty counts as missing, as there.
  const absent: string[] = [];
  const required = (name: string): string => {
    const value = oauth.get(name);
    if (!value) {
      absent.push(name);
    }
    return value ?? '';
  };
  const protocol: ProtocolParameters = {
    consumerKey: required('oauth_consumer_key'),
    signatureMethod: required('oauth_signature_method'),
    signature: required('oauth_signature'),
    timestamp: required('oauth_timestamp'),
    nonce: required('oauth_nonce'),
    token: oauth.get('oauth_token'),
    version,
    callback: oauth.get('oauth_callback'),
    verifier: oauth.get('oauth_verifier'),
  };
  if (absent.length > 0) {
    throw new ParameterAbsentError(absent);
  }

  return { parameters: [...sources.query, ...sources.header, ...sources.body], protocol, location };
}
