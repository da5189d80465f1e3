import type { Language } from '../common/messages/languages';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig, DynamicRegistrationMode, GroupPermissionsOverride, Oauth2GrantType } from './app-config';
import { ClientMetadataHosts } from './client-metadata-hosts';
import { ConfigError } from './config.error';
import { SENTINEL_URL_PREFIX, parseSentinelUrl } from '../cache/redis-sentinel-url';
import { hmacSha1Hex } from '../common/crypto/crypto';
import { developmentSecretKey, developmentSigningKey } from './development-keys';
import { parseDuration } from './duration';
import { EnvSchema, SENSITIVE_VARIABLES } from './env.schema';
import { DEFAULT_OAUTH2_GRANT_TYPES } from './env/oauth2.env';
import { readBoolean, splitList } from './env/values';
import { readLdapConfig } from './ldap-config';
import { readUpstreamOidcProviders } from './upstream-oidc-config';
import { parseProtectedResources } from './protected-resources';
import { readDynamicRegistrationGrants } from './dynamic-registration-grants';
import { readPemKeys } from './pem-keys';
import { RATE_LIMIT_VARIABLES, type RateLimitedDoor, type RateLimits } from './rate-limits';
import { parseThrottleLimits } from './throttle-limits';

type Env = Record<string, string | undefined>;

/**
 * Validates the environment and builds the typed configuration. Throws a `ConfigError` that names every
 * bad variable (never echoing a secret's value), so start-up stops with a message an operator can act on.
 */
export function loadConfig(rawEnv: Env): AppConfig {
  const env = withoutEmptyValues(rawEnv);
  const schema = plainToInstance(EnvSchema, env);
  const problems = validateSync(schema, { forbidUnknownValues: false }).map(describeViolation(env));
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const collector = new ProblemCollector();
  const config = buildConfig(schema, collector);
  collector.throwIfAny();
  return config;
}

function buildConfig(env: EnvSchema, problems: ProblemCollector): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  const port = env.PORT ?? 3000;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./data/gatehouse.sqlite';
  const cacheUrl = env.CACHE_URL ?? 'memory:';
  if (cacheUrl.startsWith(SENTINEL_URL_PREFIX)) {
    problems.attempt('CACHE_URL', () => parseSentinelUrl(cacheUrl));
  }
  const secretKey = env.OAUTH_SECRET_KEY ?? developmentSecretKey(dataDir);
  const privateKeys = problems.attempt('OAUTH2_PRIVATE_KEY', () =>
    readPemKeys(env.OAUTH2_PRIVATE_KEY ?? developmentSigningKey(dataDir), 'private'),
  );
  const publicKeys = env.OAUTH2_PUBLIC_KEY
    ? problems.attempt('OAUTH2_PUBLIC_KEY', () => readPemKeys(env.OAUTH2_PUBLIC_KEY as string, 'public'))
    : [];
  const siteId = env.OAUTH_SITE_ID ?? 'gatehouse';
  const protectedResources =
    problems.attempt('PROTECTED_RESOURCES', () => parseProtectedResources(env.PROTECTED_RESOURCES)) ?? [];

  return {
    env: nodeEnv,
    http: {
      port,
      publicUrl,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      secureCookies: publicUrl.startsWith('https://'),
      gatewayPort: env.GATEWAY_PORT,
      gatewayKeys: splitList(env.GATEWAY_KEYS),
      shutdownDrainDelay:
        problems.attempt('SHUTDOWN_DRAIN_DELAY', () => drainDelay(env.SHUTDOWN_DRAIN_DELAY ?? 'PT5S')) ?? 0,
    },
    database: databaseConfig(databaseUrl, env.DATABASE_REPLICA_URLS, problems),
    cache: cacheUrl === 'memory:' ? { type: 'memory' } : { type: 'redis', url: cacheUrl },
    cachePrefix: env.CACHE_PREFIX ?? 'gatehouse:',
    dataDir,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    defaultLanguage: (env.DEFAULT_LANGUAGE as Language | undefined) ?? 'en',
    oauth: {
      secretKey,
      secretKeyGenerated: env.OAUTH_SECRET_KEY === undefined,
      secureTokenTransfer: readBoolean(env.OAUTH_SECURE_TOKEN_TRANSFER, false),
      requestExpirationAge: env.OAUTH_REQUEST_EXPIRATION_AGE ?? 2592000,
      groupsToNotify: splitList(env.OAUTH_GROUPS_TO_NOTIFY),
      readOnly: readBoolean(env.OAUTH_READ_ONLY, false),
      allowPlaintext: readBoolean(env.OAUTH1_ALLOW_PLAINTEXT, false),
      centralWiki: env.OAUTH_CENTRAL_WIKI ?? siteId,
      siteId,
    },
    oauth2: {
      privateKeys: privateKeys ?? [],
      publicKeys: publicKeys ?? [],
      signingKeyGenerated: env.OAUTH2_PRIVATE_KEY === undefined,
      // Twice the JWKS max-age (300 s, JWKS_MAX_AGE_SECONDS) by default: a shared cache may serve a copy as old as
      // max-age to a client that keeps it as long again.
      keyPublicationDelay:
        problems.attempt('OAUTH2_KEY_PUBLICATION_DELAY', () =>
          finiteDuration(env.OAUTH2_KEY_PUBLICATION_DELAY ?? 'PT10M', { allowZero: true }),
        ) ?? 0,
      enabledGrantTypes: (env.OAUTH2_ENABLED_GRANT_TYPES
        ? splitList(env.OAUTH2_ENABLED_GRANT_TYPES)
        : [...DEFAULT_OAUTH2_GRANT_TYPES]) as Oauth2GrantType[],
      requireCodeChallengeForPublicClients: readBoolean(env.OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS, true),
      accessTokenTtl: parseDuration(env.OAUTH2_GRANT_EXPIRATION_INTERVAL ?? 'PT1H') as number,
      refreshTokenTtl: parseDuration(env.OAUTH2_REFRESH_TOKEN_TTL ?? 'P1M') as number,
      refreshTokenGracePeriod:
        problems.attempt('OAUTH2_REFRESH_TOKEN_GRACE_PERIOD', () =>
          finiteDuration(env.OAUTH2_REFRESH_TOKEN_GRACE_PERIOD ?? 'PT30S'),
        ) ?? 0,
      allowPlainPkce: readBoolean(env.OAUTH2_ALLOW_PLAIN_PKCE, false),
      deviceCodeLifetime:
        problems.attempt('OAUTH2_DEVICE_CODE_LIFETIME', () =>
          finiteDuration(env.OAUTH2_DEVICE_CODE_LIFETIME ?? 'PT10M'),
        ) ?? 0,
      deviceCodeInterval: env.OAUTH2_DEVICE_CODE_INTERVAL ?? 5,
      dpop: {
        enabled: readBoolean(env.OAUTH2_DPOP, true),
        requireNonce: readBoolean(env.OAUTH2_DPOP_REQUIRE_NONCE, false),
        proofWindow:
          problems.attempt('OAUTH2_DPOP_PROOF_WINDOW', () => finiteDuration(env.OAUTH2_DPOP_PROOF_WINDOW ?? 'PT60S')) ??
          0,
      },
      privateKeyJwt: readBoolean(env.OAUTH2_PRIVATE_KEY_JWT, true),
      jwksUriCa: env.OAUTH2_JWKS_URI_CA_FILE
        ? problems.attempt('OAUTH2_JWKS_URI_CA_FILE', () => readFileSync(env.OAUTH2_JWKS_URI_CA_FILE as string, 'utf8'))
        : undefined,
      clientMetadata: {
        hosts: env.CLIENT_METADATA_HOSTS
          ? problems.attempt('CLIENT_METADATA_HOSTS', () =>
              ClientMetadataHosts.parse(env.CLIENT_METADATA_HOSTS as string),
            )
          : undefined,
        ca: env.CLIENT_METADATA_CA_FILE
          ? problems.attempt('CLIENT_METADATA_CA_FILE', () =>
              readFileSync(env.CLIENT_METADATA_CA_FILE as string, 'utf8'),
            )
          : undefined,
      },
      par: readBoolean(env.OAUTH2_PAR, true),
      requirePar:
        problems.attempt('OAUTH2_REQUIRE_PAR', () =>
          requirement(readBoolean(env.OAUTH2_REQUIRE_PAR, false), readBoolean(env.OAUTH2_PAR, true), 'OAUTH2_PAR'),
        ) ?? false,
      protectedResources,
      parLifetime: problems.attempt('OAUTH2_PAR_LIFETIME', () => parLifetime(env.OAUTH2_PAR_LIFETIME ?? 'PT60S')) ?? 0,
    },
    identity: {
      groupPermissions: env.GROUP_PERMISSIONS
        ? problems.attempt('GROUP_PERMISSIONS', () => parseGroupPermissions(env.GROUP_PERMISSIONS as string))
        : undefined,
      sessionTtl: problems.attempt('SESSION_TTL', () => finiteDuration(env.SESSION_TTL ?? 'PT12H')) ?? 0,
      passwordMinLength: env.PASSWORD_MIN_LENGTH ?? 10,
      twoFactorRequiredGroups: splitList(env.TWO_FACTOR_REQUIRED_GROUPS),
      loginThrottle: {
        accountAddress: parseThrottleLimits(env.LOGIN_THROTTLE_ACCOUNT_ADDRESS ?? '5/PT5M,150/P2D') ?? [],
        account: parseThrottleLimits(env.LOGIN_THROTTLE_ACCOUNT ?? '50/PT1H') ?? [],
        address: parseThrottleLimits(env.LOGIN_THROTTLE_ADDRESS ?? '100/PT5M') ?? [],
        recovery: parseThrottleLimits(env.LOGIN_THROTTLE_RECOVERY ?? '1000/P1D') ?? [],
      },
      admin:
        env.ADMIN_USERNAME && env.ADMIN_PASSWORD
          ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
          : undefined,
    },
    notifications: {
      webhookUrl: env.NOTIFY_WEBHOOK_URL,
      webhookSecret: env.NOTIFY_WEBHOOK_SECRET ?? hmacSha1Hex('notify-webhook', secretKey),
    },
    retention: {
      schedule: env.PURGE_SCHEDULE === 'off' ? undefined : (env.PURGE_SCHEDULE ?? '*/5 * * * *'),
      batchSize: env.PURGE_BATCH_SIZE ?? 1000,
      tokenRetention:
        problems.attempt('TOKEN_RETENTION', () => finiteDuration(env.TOKEN_RETENTION ?? 'P7D', { allowZero: true })) ??
        0,
    },
    ldap: readLdapConfig(env, (variable, read) => problems.attempt(variable, read)),
    upstreamOidc:
      problems.attempt('UPSTREAM_OIDC_PROVIDERS', () => readUpstreamOidcProviders(env.UPSTREAM_OIDC_PROVIDERS)) ?? [],
    files: {
      grants: env.GRANTS_FILE && problems.attempt('GRANTS_FILE', () => readableJsonFile(env.GRANTS_FILE as string)),
      staticApps:
        env.STATIC_APPS_FILE &&
        problems.attempt('STATIC_APPS_FILE', () => readableJsonFile(env.STATIC_APPS_FILE as string)),
    },
    rateLimits: rateLimits(env),
    dynamicRegistration: {
      mode: problems.attempt('DYNAMIC_REGISTRATION', () => dynamicRegistrationMode(env)) ?? 'off',
      ...(problems.attempt('DYNAMIC_REGISTRATION_GRANTS', () =>
        readDynamicRegistrationGrants(
          env.DYNAMIC_REGISTRATION_GRANTS ? splitList(env.DYNAMIC_REGISTRATION_GRANTS) : undefined,
          protectedResources,
        ),
      ) ?? { grants: [], resources: [] }),
    },
  };
}

/** Each door's `RATE_LIMIT_*` (already validated by the schema), or its default. */
function rateLimits(env: EnvSchema): RateLimits {
  const doors = Object.entries(RATE_LIMIT_VARIABLES) as [
    RateLimitedDoor,
    (typeof RATE_LIMIT_VARIABLES)[RateLimitedDoor],
  ][];
  return Object.fromEntries(
    doors.map(([door, { variable, default: fallback }]) => [
      door,
      parseThrottleLimits(env[variable] ?? fallback) ?? [],
    ]),
  ) as RateLimits;
}

/** RFC 9126 §2.2: a request_uri lives briefly; its examples run from 5 to 600 seconds. */
function parLifetime(text: string): number {
  const seconds = finiteDuration(text);
  if (seconds > 600) {
    throw new Error('must be at most PT600S (RFC 9126 §2.2: a request_uri is short-lived)');
  }
  return seconds;
}

/** A requirement on a feature that is switched off would refuse every request: a mistake, named at start-up. */
/** Unreviewed (`open`) clients are public ones: PKCE is all that binds their codes to them (RFC 9700 §2.1.1). */
function dynamicRegistrationMode(env: EnvSchema): DynamicRegistrationMode {
  const mode = (env.DYNAMIC_REGISTRATION ?? 'review') as DynamicRegistrationMode;
  if (mode === 'open' && !readBoolean(env.OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS, true)) {
    throw new Error('open needs OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS=true');
  }
  return mode;
}

function requirement(required: boolean, enabled: boolean, switchName: string): boolean {
  if (required && !enabled) {
    throw new Error(`needs ${switchName}=true`);
  }
  return required;
}

/**
 * Long enough for a load balancer to see /readyz fail (HAProxy: `inter` × `fall`) and stop sending; an orchestrator
 * kills a process that takes much longer (Kubernetes' default grace is 30 s), so more than a minute is a mistake.
 */
function drainDelay(text: string): number {
  const seconds = finiteDuration(text, { allowZero: true });
  if (seconds > 60) {
    throw new Error('must be at most PT60S');
  }
  return seconds;
}

function finiteDuration(text: string, { allowZero = false } = {}): number {
  const seconds = parseDuration(text) as number;
  if (!Number.isFinite(seconds) || (seconds === 0 && !allowZero)) {
    throw new Error(`must be a finite${allowZero ? '' : ', positive'} duration such as PT12H`);
  }
  return seconds;
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  return /^\d+$/.test(value) ? Number(value) : splitList(value);
}

const GROUP_NAME = /^[\w-]{1,64}$/;
const RIGHT_NAME = /^[\w-]{1,64}$/;

/** `GROUP_PERMISSIONS` is JSON, or a path to a JSON file: `{ group: [rights] | { right: true|false } }`. */
export function parseGroupPermissions(value: string): GroupPermissionsOverride {
  const text = value.trimStart().startsWith('{') ? value : readTextFile(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
  if (!isPlainObject(parsed)) {
    throw new Error('must be a JSON object of group name to rights');
  }
  for (const [group, rights] of Object.entries(parsed)) {
    if (!GROUP_NAME.test(group)) {
      throw new Error(`has an invalid group name: ${JSON.stringify(group)}`);
    }
    const names = Array.isArray(rights) ? rights : isPlainObject(rights) ? Object.keys(rights) : undefined;
    const valid =
      names?.every((right) => typeof right === 'string' && RIGHT_NAME.test(right)) &&
      (Array.isArray(rights) || Object.values(rights as object).every((flag) => typeof flag === 'boolean'));
    if (!valid) {
      throw new Error(`group ${group} must list rights as an array of names or an object of name to true/false`);
    }
  }
  return parsed as GroupPermissionsOverride;
}

function readableJsonFile(path: string): string {
  try {
    JSON.parse(readTextFile(path));
  } catch (error) {
    throw error instanceof SyntaxError ? new Error(`names a file that is not valid JSON: ${path}`) : error;
  }
  return resolve(path);
}

function readTextFile(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`names a file that does not exist: ${path}`);
  }
  return readFileSync(path, 'utf8');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function databaseConfig(
  url: string,
  replicaUrls: string | undefined,
  problems: ProblemCollector,
): AppConfig['database'] {
  if (url.startsWith('sqlite:')) {
    problems.attempt('DATABASE_REPLICA_URLS', () => refuseReplicasOfSqlite(replicaUrls));
    return { type: 'sqlite', path: url.slice('sqlite:'.length) };
  }
  const replicas = splitList(replicaUrls).map(asMysqlUrl);
  return { type: 'mysql', url: asMysqlUrl(url), ...(replicas.length > 0 ? { replicaUrls: replicas } : {}) };
}

function refuseReplicasOfSqlite(replicaUrls: string | undefined): void {
  if (replicaUrls !== undefined) {
    throw new Error('needs a MariaDB/MySQL DATABASE_URL: a SQLite file has no replicas');
  }
}

function asMysqlUrl(url: string): string {
  return url.replace(/^mariadb:/, 'mysql:');
}

function describeViolation(env: Env) {
  return (violation: { property: string; constraints?: Record<string, string> }): string => {
    const reasons = [...new Set(Object.values(violation.constraints ?? {}))].join('; ');
    const value = env[violation.property];
    const shown =
      SENSITIVE_VARIABLES.has(violation.property) || value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    return `${reasons}${shown}`;
  };
}

class ProblemCollector {
  private readonly problems: string[] = [];

  attempt<T>(variable: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      this.problems.push(`${variable} ${(error as Error).message}`);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new ConfigError(this.problems);
    }
  }
}

/** The only place the process environment is read. */
export function loadConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}
