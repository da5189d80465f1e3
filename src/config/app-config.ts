import type { Language } from '../common/messages/languages';
import type { DYNAMIC_REGISTRATION_MODES } from './env/clients.env';
import type { OAUTH2_GRANT_TYPES } from './env/oauth2.env';
import type { RateLimits } from './rate-limits';
import type { ClientMetadataHosts } from './client-metadata-hosts';
import type { LdapConfig } from './ldap-config';
import type { UpstreamOidcProvider } from './upstream-oidc-config';
import type { ProtectedResource } from './protected-resources';
import type { ThrottleLimit } from './throttle-limits';

export type Oauth2GrantType = (typeof OAUTH2_GRANT_TYPES)[number];
export type DynamicRegistrationMode = (typeof DYNAMIC_REGISTRATION_MODES)[number];

/** A group's rights as configured: a list replaces the built-in rights, a map adds (true) or removes (false). */
export type GroupPermissionsOverride = Record<string, string[] | Record<string, boolean>>;

/** The typed configuration every module reads; built once at start-up from the environment. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: {
    port: number;
    /** Canonical server URL without a trailing slash: `iss`, signature base URLs, cookie security. */
    publicUrl: string;
    trustProxy: boolean | number | string[];
    secureCookies: boolean;
    gatewayPort?: number;
    gatewayKeys: string[];
    /** Seconds between SIGTERM and closing the listener, while /readyz already answers 503. */
    shutdownDrainDelay: number;
  };
  /** `replicaUrls`: replicas for the reads that may lag (database/reads-that-may-lag); absent when there are none. */
  database: { type: 'sqlite'; path: string } | { type: 'mysql'; url: string; replicaUrls?: string[] };
  cache: { type: 'memory' } | { type: 'redis'; url: string };
  cachePrefix: string;
  dataDir: string;
  logLevel: string;
  /** Pages speak it when neither `uselang`, the viewer's preference nor `Accept-Language` names a supported one. */
  defaultLanguage: Language;
  oauth: {
    secretKey: string;
    secretKeyGenerated: boolean;
    secureTokenTransfer: boolean;
    requestExpirationAge: number;
    groupsToNotify: string[];
    readOnly: boolean;
    /** OAuth 1 PLAINTEXT signatures (MediaWiki's $wgOAuthAllowInsecurePlaintextSignature); only ever over TLS. */
    allowPlaintext: boolean;
    centralWiki: string;
    siteId: string;
  };
  oauth2: {
    /** PEM private keys; the first one signs, the others stay published until retired. */
    privateKeys: string[];
    /** Extra PEM public keys to publish (a key about to sign, or a retired one whose tokens still live). */
    publicKeys: string[];
    signingKeyGenerated: boolean;
    /** Seconds a rotated key is published before it signs, so that cached copies of the JWKS hold it by then. */
    keyPublicationDelay: number;
    enabledGrantTypes: Oauth2GrantType[];
    requireCodeChallengeForPublicClients: boolean;
    /** Seconds; Infinity for `infinity`. */
    accessTokenTtl: number;
    refreshTokenTtl: number;
    /** Seconds during which the refresh token rotated last may still be used (by a client that lost the answer). */
    refreshTokenGracePeriod: number;
    /** PKCE `plain` besides S256 (off: a `plain` challenge protects nothing once the request leaks). */
    allowPlainPkce: boolean;
    /** Seconds a device code and its user code live (RFC 8628 §3.2 `expires_in`). */
    deviceCodeLifetime: number;
    /** Seconds a device waits between polls, before any `slow_down` (RFC 8628 §3.2 `interval`). */
    deviceCodeInterval: number;
    /** RFC 9449: DPoP proofs at the token endpoint and DPoP-bound tokens at every resource door. */
    dpop: {
      enabled: boolean;
      /** RFC 9449 §8, §9: every proof must carry a nonce the server issued recently. */
      requireNonce: boolean;
      /** Seconds a proof is accepted after its `iat` (RFC 9449 §11.1); its `jti` is remembered as long. */
      proofWindow: number;
    };
    /** RFC 7523 §2.2 client authentication by a signed assertion (`private_key_jwt`, OpenID Connect Core §9). */
    privateKeyJwt: boolean;
    /** Extra CA certificates (PEM) trusted when fetching a client's `jwks_uri`, besides the system's. */
    jwksUriCa?: string;
    /** Client ID Metadata Documents: which hosts may serve them (undefined: not supported), and extra CAs (PEM). */
    clientMetadata: { hosts?: ClientMetadataHosts; ca?: string };
    /** RFC 9126 pushed authorization requests. */
    par: boolean;
    /** RFC 9126 §5: every authorization request must be pushed first. */
    requirePar: boolean;
    /** The resource servers Gatehouse fronts (`PROTECTED_RESOURCES`; RFC 8707, RFC 9728). */
    protectedResources: ProtectedResource[];
    /** Seconds a pushed request's `request_uri` lives (RFC 9126 §2.2: short). */
    parLifetime: number;
  };
  identity: {
    groupPermissions?: GroupPermissionsOverride;
    sessionTtl: number;
    admin?: { username: string; password: string };
    /** Members of these groups must enrol a second factor before anything else (`TWO_FACTOR_REQUIRED_GROUPS`). */
    twoFactorRequiredGroups: string[];
    /** The shortest password a person may choose (`PASSWORD_MIN_LENGTH`). */
    passwordMinLength: number;
    /**
     * Sign-in attempts allowed per account and address, per account, and failures per address; recovery sign-ins per
     * account, which take the place of the account's own limit (`LOGIN_THROTTLE_*`).
     */
    loginThrottle: {
      accountAddress: ThrottleLimit[];
      account: ThrottleLimit[];
      address: ThrottleLimit[];
      recovery: ThrottleLimit[];
    };
  };
  files: { grants?: string; staticApps?: string };
  /** Per-address abuse limits of the anonymous doors (`RATE_LIMIT_*`); an empty list is no limit. */
  rateLimits: RateLimits;
  /** RFC 7591 dynamic client registration (`DYNAMIC_REGISTRATION*`). */
  dynamicRegistration: {
    mode: DynamicRegistrationMode;
    /** The grants (scopes) an `open` registration may ask for without an initial access token. */
    grants: string[];
    /** The resources (of `protectedResources`) an `open` registration may ask for; what any gets by default. */
    resources: string[];
  };
  /** The LDAP / Active Directory directory whose people sign in here; undefined without `LDAP_URL`. */
  ldap?: LdapConfig;
  /** Upstream OpenID Providers whose people sign in here (`UPSTREAM_OIDC_PROVIDERS`); empty for none. */
  upstreamOidc: UpstreamOidcProvider[];
  notifications: {
    /** Where each notification is also POSTed as JSON, signed with `webhookSecret`; unset means inbox only. */
    webhookUrl?: string;
    webhookSecret: string;
  };
  retention: {
    /** When the purge of dead rows runs (a cron expression); undefined when `PURGE_SCHEDULE=off`. */
    schedule?: string;
    /** Rows per DELETE statement. */
    batchSize: number;
    /** Seconds a dead token row is kept after its token expired. */
    tokenRetention: number;
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
