import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InvalidationBus } from '../cache/invalidation-bus';
import type { AuthContext } from '../common/auth/auth-context';
import { Right } from '../common/auth/rights';
import { randomHex } from '../common/crypto/crypto';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AcceptanceService } from '../grants/acceptance.service';
import { IdentityService } from '../identity/identity.service';
import { checkJwks } from './checks/check-client-keys';
import { checkIpRanges } from './checks/check-restrictions';
import { checkRsaKey } from './checks/check-rsa-key';
import { matchesIfMatch } from './change-token';
import type { Consumer } from './consumer';
import { ConsumerDirectory } from './consumer-directory';
import { publishLifecycle } from './consumer-events';
import { assertEditable, assertMayActOnSuppressed, assertWritable, mayView } from './consumer-guards';
import { ConsumerSecrets } from './consumer-secrets';
import { OwnerOnlyTokens } from './owner-only-tokens';
import { type AdminAction, type TransitionRefusal, ownerMayUpdate, transition } from './consumer-transitions';
import type { ConsumerEntity } from './consumer.entity';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';
import { ConsumerRepository, type NewLogEntry } from './consumer.repository';

export interface OwnerUpdate {
  restrictions?: { ipAddresses: string[] };
  /** A PEM RSA public key, or `null` to remove the registered one (OAuth 1 only). */
  rsaKey?: string | null;
  /** RFC 9449 §5.2 `dpop_bound_access_tokens` (OAuth 2 only). */
  dpopBoundAccessTokens?: boolean;
  /** New public keys of a private_key_jwt client registered with inline keys (its key rotation, like rsaKey's). */
  jwks?: unknown;
  resetSecret?: boolean;
  reason?: string;
}

export interface UpdateResult {
  consumer: Consumer;
  secret?: string;
  accessToken?: string;
  accessSecret?: string;
}

/** Every change of an existing consumer: the owner's updates and the admins' stage changes (reference §2.3–2.6). */
@Injectable()
export class ConsumerLifecycleService {
  private readonly logger = new Logger(ConsumerLifecycleService.name);

  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly consumers: ConsumerRepository,
    private readonly identity: IdentityService,
    private readonly acceptances: AcceptanceService,
    private readonly secrets: ConsumerSecrets,
    private readonly ownerTokens: OwnerOnlyTokens,
    private readonly events: EventEmitter2,
    private readonly invalidations: InvalidationBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async act(
    auth: AuthContext,
    key: string,
    action: AdminAction,
    reason: string,
    suppress: boolean,
    ifMatch?: string,
  ): Promise<Consumer> {
    assertWritable(this.config);
    const consumer = await this.load(auth, key, ifMatch);
    assertMayActOnSuppressed(consumer, auth);
    if (suppress && (action === 'approve' || action === 'reenable')) {
      throw new ConsumerException(ConsumerErrorCode.InvalidField, 'Only reject and disable can suppress');
    }
    if (suppress && !auth.rights.has(Right.Suppress)) {
      throw new CommonException(CommonErrorCode.PermissionDenied, 'Suppressing needs the right mwoauthsuppress');
    }
    const next = transition({ stage: consumer.stage, deleted: consumer.suppressed }, action, suppress);
    if ('code' in next) {
      throw new ConsumerException(REFUSALS[next.code], next.message);
    }
    const now = new Date();
    const entry = { timestamp: now, actorId: auth.userId, comment: reason, deleted: next.deleted };
    const suppressing = next.deleted && !consumer.suppressed;
    const log = [{ ...entry, action }, ...(suppressing ? [{ ...entry, action: 'suppress' }] : [])];
    const updated = await this.apply(consumer, { stage: next.stage, deleted: next.deleted, stageTimestamp: now }, log);
    await this.publish(action, updated, auth, reason, now);
    if (suppressing) {
      await this.publish('suppress', updated, auth, reason, now);
    }
    return updated;
  }

  async update(auth: AuthContext, key: string, change: OwnerUpdate, ifMatch?: string): Promise<UpdateResult> {
    assertWritable(this.config);
    const consumer = await this.load(auth, key, ifMatch);
    if (consumer.ownerId !== auth.userId) {
      throw new ConsumerException(
        ConsumerErrorCode.NotOwner,
        'You cannot perform actions on consumers that do not belong to you',
      );
    }
    assertMayActOnSuppressed(consumer, auth);
    if (!ownerMayUpdate(consumer.stage)) {
      throw new ConsumerException(ConsumerErrorCode.NotUpdatable, 'Only proposed or approved consumers can be updated');
    }
    if (change.rsaKey && consumer.oauthVersion !== 1) {
      throw new ConsumerException(ConsumerErrorCode.InvalidField, 'rsaKey is for OAuth 1.0a consumers only');
    }
    if (change.dpopBoundAccessTokens && consumer.oauthVersion !== 2) {
      throw new ConsumerException(
        ConsumerErrorCode.InvalidField,
        'dpopBoundAccessTokens is for OAuth 2 consumers only',
      );
    }
    const columns: Partial<ConsumerEntity> = {};
    if (change.dpopBoundAccessTokens !== undefined && change.dpopBoundAccessTokens !== consumer.dpopBoundAccessTokens) {
      columns.dpopBoundAccessTokens = change.dpopBoundAccessTokens;
    }
    if (change.restrictions) {
      const ranges = checkIpRanges(change.restrictions.ipAddresses);
      if (JSON.stringify(ranges) !== JSON.stringify(consumer.restrictions.ipAddresses)) {
        columns.restrictions = { IPAddresses: ranges };
      }
    }
    if (change.rsaKey !== undefined) {
      const rsaKey = change.rsaKey === null || change.rsaKey === '' ? null : checkRsaKey(change.rsaKey);
      if (rsaKey !== consumer.rsaKey) {
        columns.rsaKey = rsaKey;
      }
    }
    if (change.jwks !== undefined) {
      // A jwks_uri is rotated at its address; a new address, like a new method, is for a reviewed new version.
      if (consumer.tokenEndpointAuthMethod !== 'private_key_jwt' || consumer.jwksUri !== null) {
        throw new ConsumerException(
          ConsumerErrorCode.InvalidClientKeys,
          'jwks can be changed only for private_key_jwt clients registered with inline keys',
        );
      }
      const jwks = checkJwks(change.jwks);
      if (JSON.stringify(jwks) !== JSON.stringify(consumer.jwks)) {
        columns.jwks = jwks;
      }
    }
    if (change.resetSecret) {
      if (consumer.oauthVersion === 2 && !consumer.oauth2IsConfidential) {
        throw new ConsumerException(ConsumerErrorCode.InvalidField, 'Public clients have no secret to reset');
      }
      if (consumer.tokenEndpointAuthMethod === 'private_key_jwt') {
        throw new ConsumerException(
          ConsumerErrorCode.InvalidField,
          'A private_key_jwt client authenticates with its keys, never a secret; change its jwks instead',
        );
      }
      columns.secretKey = randomHex(16);
    }
    if (Object.keys(columns).length === 0) {
      return { consumer };
    }
    const now = new Date();
    const reason = change.reason ?? '';
    const updated = await this.apply(consumer, columns, [
      { timestamp: now, actorId: auth.userId, action: 'update', comment: reason, deleted: false },
    ]);
    const result: UpdateResult = { consumer: updated };
    if (change.resetSecret) {
      Object.assign(result, await this.freshCredentials(updated, auth));
    }
    await this.publish('update', updated, auth, reason, now);
    return result;
  }

  /** Proposals idle longer than `OAUTH_REQUEST_EXPIRATION_AGE` expire (reference §2.6); `<= 0` turns it off. */
  async expireIdleProposals(now = new Date()): Promise<number> {
    const age = this.config.oauth.requestExpirationAge;
    if (age <= 0 || this.config.oauth.readOnly) {
      return 0;
    }
    const expired = await this.consumers.expireProposals(new Date(now.getTime() - age * 1000), now);
    if (expired > 0) {
      this.logger.log(`${expired} idle proposal(s) expired`);
      // Which ones is not known here; expiry is hourly, so every instance simply starts its caches afresh.
      await this.invalidations.publish({ all: true });
    }
    return expired;
  }

  private async load(auth: AuthContext, key: string, ifMatch: string | undefined): Promise<Consumer> {
    const consumer = await this.directory.findByKey(key);
    if (consumer && !mayView(consumer, auth) && consumer.ownerId === auth.userId) {
      throw new ConsumerException(ConsumerErrorCode.Suppressed, 'You cannot perform actions on suppressed consumers');
    }
    if (!consumer || !mayView(consumer, auth)) {
      throw new ConsumerException(ConsumerErrorCode.ConsumerNotFound, `No consumer exists with the key ${key}`);
    }
    assertEditable(consumer);
    if (!matchesIfMatch(ifMatch, consumer)) {
      throw conflict();
    }
    return consumer;
  }

  private async apply(seen: Consumer, columns: Partial<ConsumerEntity>, log: NewLogEntry[]): Promise<Consumer> {
    const updated = await this.consumers.update(seen, columns, log);
    if (!updated) {
      throw conflict();
    }
    return updated;
  }

  /**
   * A new client secret; for owner-only consumers also new access credentials: OAuth 1 a new access secret under
   * the same token, OAuth 2 a new token with every earlier one revoked (reference §5.9).
   */
  private async freshCredentials(consumer: Consumer, auth: AuthContext): Promise<Omit<UpdateResult, 'consumer'>> {
    const credentials: Omit<UpdateResult, 'consumer'> = {};
    credentials.secret = this.secrets.derive(consumer.secretKey as string);
    const acceptance = consumer.ownerOnly
      ? await this.acceptances.find(auth.userId, consumer.id, consumer.wiki)
      : undefined;
    if (acceptance && consumer.oauthVersion === 1) {
      const renewed = await this.acceptances.resetAccessSecret(acceptance.id);
      credentials.accessToken = renewed.accessToken;
      credentials.accessSecret = this.secrets.derive(renewed.accessSecretStored);
    }
    if (acceptance && consumer.oauthVersion === 2) {
      credentials.accessToken = await this.ownerTokens.issue(consumer, acceptance);
    }
    return credentials;
  }

  private async publish(
    action: Parameters<typeof publishLifecycle>[1],
    consumer: Consumer,
    auth: AuthContext,
    comment: string,
    at: Date,
  ): Promise<void> {
    // The change is committed: a failed name lookup must not hide the answer (and any new secret) from the caller.
    const names = await this.identity.namesOf([consumer.ownerId]).catch(() => new Map<number, string>());
    const owner = { id: consumer.ownerId, name: names.get(consumer.ownerId) ?? '' };
    await publishLifecycle(this.events, action, consumer, owner, { id: auth.userId, name: auth.userName }, comment, at);
  }
}

const REFUSALS: Record<TransitionRefusal['code'], ConsumerErrorCode> = {
  not_proposed: ConsumerErrorCode.NotProposed,
  not_approved: ConsumerErrorCode.NotApproved,
  not_disabled: ConsumerErrorCode.NotDisabled,
};

function conflict(): ConsumerException {
  return new ConsumerException(
    ConsumerErrorCode.ChangeConflict,
    'Someone changed this consumer as you viewed it; reload and try again',
  );
}
