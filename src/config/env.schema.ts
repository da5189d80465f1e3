import { IntersectionType } from '@nestjs/swagger';
import { ClientsEnv } from './env/clients.env';
import { FederationEnv } from './env/federation.env';
import { IdentityEnv } from './env/identity.env';
import { LimitsEnv } from './env/limits.env';
import { OauthEnv } from './env/oauth.env';
import { Oauth2Env } from './env/oauth2.env';
import { OperationsEnv } from './env/operations.env';
import { ServerEnv } from './env/server.env';
import { StorageEnv } from './env/storage.env';

/**
 * Every environment variable the service reads (DESIGN §9), as strings straight from the environment, declared by
 * area in `env/` and validated as one: a rule of one area may read another's variable (`NODE_ENV`). Validation here
 * only checks shape; `load-config.ts` turns the values into the typed `AppConfig`.
 */
export class EnvSchema extends IntersectionType(
  ServerEnv,
  StorageEnv,
  OauthEnv,
  Oauth2Env,
  ClientsEnv,
  IdentityEnv,
  LimitsEnv,
  OperationsEnv,
  FederationEnv,
) {}

/** Variables whose values must never be echoed back in an error message or a log. */
export const SENSITIVE_VARIABLES = new Set([
  'DATABASE_REPLICA_URLS',
  'OAUTH_SECRET_KEY',
  'OAUTH2_PRIVATE_KEY',
  'ADMIN_PASSWORD',
  'GATEWAY_KEYS',
  'NOTIFY_WEBHOOK_SECRET',
  'LDAP_BIND_PASSWORD',
  'UPSTREAM_OIDC_PROVIDERS',
]);
