import { readFileSync } from 'node:fs';
import { randomHex } from '../common/crypto/crypto';
import type { GrantCatalogue } from '../grants/grant-catalogue';
import { checkCallbackUrl } from './callbacks/callback-url';
import { checkLogoutUris } from './callbacks/check-logout-uris';
import { checkClientKeys } from './checks/check-client-keys';
import { checkIpRanges } from './checks/check-restrictions';
import { checkRsaKey } from './checks/check-rsa-key';
import { isComposerVersion } from './composer-version';
import { checkResources } from './checks/check-resources';
import { ConsumerException } from './consumer.exception';
import { type Consumer, DEFAULT_RESTRICTIONS, type JsonWebKeySet, type TokenEndpointAuthMethod } from './consumer';
import { ConsumerStage } from './consumer-stage';

const FIELDS = new Set([
  'id',
  'consumerKey',
  'name',
  'version',
  'description',
  'oauthVersion',
  'grants',
  'userId',
  'ownerOnly',
  'callbackUrl',
  'callbackIsPrefix',
  'secretKey',
  'rsaKey',
  'wiki',
  'restrictions',
  'oauth2IsConfidential',
  'oauth2GrantTypes',
  'skipAuthorization',
  'postLogoutRedirectUris',
  'backchannelLogoutUri',
  'dpopBoundAccessTokens',
  'tokenEndpointAuthMethod',
  'jwks',
  'jwksUri',
  'requirePushedAuthorizationRequests',
  'resources',
]);

type Entry = Record<string, unknown>;

/**
 * First-party apps defined in `STATIC_APPS_FILE` (MediaWiki's `$wgOAuthStaticApps`, reference §1.8): a JSON
 * array of entries with camelCase fields. They are always approved and never editable. Throws a message
 * starting with the variable name when an entry is malformed, so start-up stops with a clear reason.
 */
export function loadStaticConsumers(path: string | undefined, verifiedUrl: string, now = new Date()): Consumer[] {
  if (!path) {
    return [];
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) {
    throw new Error('STATIC_APPS_FILE must hold a JSON array of apps');
  }
  const consumers = parsed.map((entry: unknown, index) => toConsumer(entry, index, verifiedUrl, now));
  const keys = new Set(consumers.map((consumer) => consumer.key));
  const ids = new Set(consumers.map((consumer) => consumer.id));
  if (keys.size !== consumers.length || ids.size !== consumers.length) {
    throw new Error('STATIC_APPS_FILE lists the same id or consumerKey twice');
  }
  return consumers;
}

function toConsumer(entry: unknown, index: number, verifiedUrl: string, now: Date): Consumer {
  const fail = (reason: string) => new Error(`STATIC_APPS_FILE app #${index + 1}: ${reason}`);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw fail('must be an object');
  }
  const app = entry as Entry;
  const unknown = Object.keys(app).filter((field) => !FIELDS.has(field));
  if (unknown.length > 0) {
    throw fail(`unknown fields ${unknown.join(', ')}`);
  }
  const text = (field: string, required = true): string | undefined => {
    const value = app[field];
    if (value === undefined && !required) {
      return undefined;
    }
    if (typeof value !== 'string' || value === '') {
      throw fail(`${field} must be a non-empty string`);
    }
    return value;
  };
  const flag = (field: string, fallback: boolean): boolean => {
    const value = app[field] ?? fallback;
    if (typeof value !== 'boolean') {
      throw fail(`${field} must be true or false`);
    }
    return value;
  };
  const list = (field: string, fallback?: string[]): string[] => {
    const value = app[field] ?? fallback;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw fail(`${field} must be an array of strings`);
    }
    return value;
  };
  const id = app.id;
  const userId = app.userId;
  if (!Number.isInteger(id) || (id as number) < 1 || !Number.isInteger(userId) || (userId as number) < 1) {
    throw fail('id and userId must be positive integers');
  }
  const key = text('consumerKey') as string;
  if (!/^[0-9a-f]{32}$/.test(key)) {
    throw fail('consumerKey must be 32 lowercase hex characters');
  }
  const oauthVersion = app.oauthVersion;
  if (oauthVersion !== 1 && oauthVersion !== 2) {
    throw fail('oauthVersion must be 1 or 2');
  }
  const ownerOnly = flag('ownerOnly', false);
  const confidential = oauthVersion === 1 || flag('oauth2IsConfidential', true);
  const dpopBoundAccessTokens = flag('dpopBoundAccessTokens', false);
  if (dpopBoundAccessTokens && oauthVersion !== 2) {
    throw fail('dpopBoundAccessTokens is for OAuth 2 apps only');
  }
  const rsaKey = text('rsaKey', false) ?? null;
  const secretKey = text('secretKey', false);
  const method = text('tokenEndpointAuthMethod', false);
  if (confidential && !secretKey && !rsaKey && method !== 'private_key_jwt') {
    throw fail('a confidential app needs secretKey (or rsaKey for OAuth 1)');
  }
  const restrictions = app.restrictions as { IPAddresses?: unknown } | undefined;
  return {
    id: id as number,
    key,
    name: text('name') as string,
    version: text('version') as string,
    ownerId: userId as number,
    callbackUrl: text('callbackUrl', ownerOnly === false) ?? verifiedUrl,
    callbackIsPrefix: flag('callbackIsPrefix', false),
    description: text('description') as string,
    email: '',
    ownerOnly,
    wiki: text('wiki', false) ?? '*',
    grants: list('grants'),
    registeredAt: now,
    secretKey: secretKey ?? randomHex(16),
    rsaKey,
    restrictions: {
      ipAddresses: Array.isArray(restrictions?.IPAddresses)
        ? restrictions.IPAddresses.map(String)
        : DEFAULT_RESTRICTIONS.ipAddresses,
    },
    stage: ConsumerStage.Approved,
    stageTimestamp: now,
    suppressed: false,
    oauthVersion,
    oauth2GrantTypes:
      oauthVersion === 2
        ? list('oauth2GrantTypes', ownerOnly ? ['client_credentials'] : ['authorization_code', 'refresh_token'])
        : [],
    oauth2IsConfidential: confidential,
    configurationBased: true,
    skipAuthorization: flag('skipAuthorization', false),
    postLogoutRedirectUris: list('postLogoutRedirectUris', []),
    backchannelLogoutUri: text('backchannelLogoutUri', false) ?? null,
    dpopBoundAccessTokens,
    // As the file gives them; checkStaticConsumer applies the registration rules.
    tokenEndpointAuthMethod: (method ?? (confidential ? 'client_secret_basic' : 'none')) as TokenEndpointAuthMethod,
    jwks: (app.jwks ?? null) as JsonWebKeySet | null,
    jwksUri: text('jwksUri', false) ?? null,
    requirePushedAuthorizationRequests: flag('requirePushedAuthorizationRequests', false),
    resources: list('resources', []),
    changeCounter: 0,
  };
}

/**
 * The field rules every registered consumer obeys (reference §1.8: "the normal field validators run"); answers
 * the app with its callback in the serialized form registered ones are stored in.
 */
export function checkStaticConsumer(
  consumer: Consumer,
  catalogue: GrantCatalogue,
  enabledGrantTypes: readonly string[],
): Consumer {
  const fail = (reason: string) => new Error(`STATIC_APPS_FILE app ${consumer.key}: ${reason}`);
  try {
    if (!isComposerVersion(consumer.version)) {
      throw fail(`invalid version ${consumer.version}`);
    }
    const unknownGrants = catalogue.unknown(consumer.grants);
    if (unknownGrants.length > 0) {
      throw fail(`unknown grants ${unknownGrants.join(', ')}`);
    }
    const unknownTypes = consumer.oauth2GrantTypes.filter((type) => !enabledGrantTypes.includes(type));
    if (unknownTypes.length > 0) {
      throw fail(`grant types not enabled: ${unknownTypes.join(', ')}`);
    }
    checkIpRanges(consumer.restrictions.ipAddresses);
    if (consumer.rsaKey) {
      checkRsaKey(consumer.rsaKey);
    }
    // An entry without them reads as an empty list and null: only what the file gives is checked.
    const logoutUris = checkLogoutUris(
      {
        postLogoutRedirectUris:
          consumer.postLogoutRedirectUris.length > 0 ? consumer.postLogoutRedirectUris : undefined,
        backchannelLogoutUri: consumer.backchannelLogoutUri ?? undefined,
      },
      {
        oauthVersion: consumer.oauthVersion,
        confidential: consumer.oauth2IsConfidential,
        ownerOnly: consumer.ownerOnly,
      },
    );
    const rules = {
      oauthVersion: consumer.oauthVersion,
      confidential: consumer.oauth2IsConfidential,
      ownerOnly: consumer.ownerOnly,
    };
    const clientKeys = checkClientKeys(
      {
        tokenEndpointAuthMethod: consumer.oauthVersion === 2 ? consumer.tokenEndpointAuthMethod : undefined,
        jwks: consumer.jwks ?? undefined,
        jwksUri: consumer.jwksUri ?? undefined,
      },
      rules,
    );
    if (consumer.oauthVersion === 1 && consumer.requirePushedAuthorizationRequests) {
      throw fail('requirePushedAuthorizationRequests is for OAuth 2 apps only');
    }
    const resources = checkResources(consumer.resources, consumer.oauthVersion);
    if (consumer.ownerOnly) {
      return { ...consumer, ...clientKeys, resources };
    }
    const callback = checkCallbackUrl(consumer.callbackUrl, {
      oauthVersion: consumer.oauthVersion,
      confidential: consumer.oauth2IsConfidential,
      isPrefix: consumer.callbackIsPrefix,
    });
    return { ...consumer, callbackUrl: callback.url, ...logoutUris, ...clientKeys, resources };
  } catch (error) {
    throw error instanceof ConsumerException ? fail(error.message) : error;
  }
}
