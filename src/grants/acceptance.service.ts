import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InvalidationBus } from '../cache/invalidation-bus';
import { randomHex } from '../common/crypto/crypto';
import { ACCEPTANCE_REVOKED_EVENT, type AcceptanceRevokedEvent } from '../common/events/acceptance-revoked.event';
import { isUniqueViolation } from '../database/unique-violation';
import type { Acceptance, NewAcceptance } from './acceptance';
import { type AcceptanceChanges, AcceptanceRepository } from './acceptance.repository';
import { GrantsErrorCode, GrantsException } from './grants.exception';

/** MediaWiki refuses an acceptance whose grants JSON passes this many bytes (its column is a 64 KiB blob). */
const MAX_GRANTS_BYTES = 65535;
const ACCESS_TOKEN = /^[0-9a-f]{32}$/;

/** Users' authorizations of consumers ("accepted consumers", reference §1.2). */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly acceptances: AcceptanceRepository,
    private readonly events: EventEmitter2,
    private readonly invalidations: InvalidationBus,
  ) {}

  /**
   * Records that the user authorized the consumer on `wiki` with `grants`. A repeated authorization updates the
   * grants and time but keeps the access token, as MediaWiki does, so the app's stored token keeps working.
   */
  async grant(request: NewAcceptance): Promise<Acceptance> {
    if (!Number.isInteger(request.userId) || request.userId <= 0) {
      throw new Error('An acceptance must be bound to a valid user');
    }
    const grants = [...new Set(request.grants)];
    if (Buffer.byteLength(JSON.stringify(grants)) > MAX_GRANTS_BYTES) {
      throw new GrantsException(GrantsErrorCode.TooManyGrants, 'The authorization has too many grants');
    }
    const changes = { grants, acceptedAt: wholeSeconds(new Date()) };
    const existing = await this.find(request.userId, request.consumerId, request.wiki);
    if (existing) {
      return this.renew(existing, changes);
    }
    try {
      return await this.acceptances.insert({
        wiki: request.wiki,
        userId: request.userId,
        consumerId: request.consumerId,
        oauthVersion: request.oauthVersion,
        ...changes,
        accessToken: randomHex(16),
        accessSecretStored: randomHex(16),
      });
    } catch (error) {
      // A concurrent request for the same (user, consumer, wiki) created it first: renew that one instead.
      const winner = isUniqueViolation(error)
        ? await this.find(request.userId, request.consumerId, request.wiki)
        : undefined;
      if (!winner) {
        throw error;
      }
      return this.renew(winner, changes);
    }
  }

  find(userId: number, consumerId: number, wiki: string): Promise<Acceptance | undefined> {
    return this.acceptances.find(userId, consumerId, wiki);
  }

  findById(id: number): Promise<Acceptance | undefined> {
    return this.acceptances.findById(id);
  }

  /** Tokens are 32 lowercase hex; anything else is refused here, as MariaDB would compare it case-insensitively. */
  async findByAccessToken(token: string): Promise<Acceptance | undefined> {
    return ACCESS_TOKEN.test(token) ? this.acceptances.findByAccessToken(token) : undefined;
  }

  /** The user's authorizations, most recently accepted first. */
  listForUser(userId: number): Promise<Acceptance[]> {
    return this.acceptances.listForUser(userId);
  }

  listForConsumer(consumerId: number): Promise<Acceptance[]> {
    return this.acceptances.listForConsumer(consumerId);
  }

  /** A new stored access secret under the same access token (the old derived secret stops working). */
  resetAccessSecret(id: number): Promise<Acceptance> {
    return this.change(id, { accessSecretStored: randomHex(16) });
  }

  /**
   * Deletes the authorization, then announces it so the modules holding tokens issued under it kill them; the
   * listeners have run when this resolves.
   */
  async revoke(id: number): Promise<void> {
    const acceptance = await this.acceptances.findById(id);
    // A concurrent revoke may delete it between the read and the delete: only the one that deleted announces it.
    if (!acceptance || !(await this.acceptances.delete(id))) {
      throw notFound(id);
    }
    const event: AcceptanceRevokedEvent = {
      acceptanceId: id,
      userId: acceptance.userId,
      consumerId: acceptance.consumerId,
    };
    await this.events.emitAsync(ACCEPTANCE_REVOKED_EVENT, event);
    await this.invalidations.publish({ acceptanceId: id });
  }

  /**
   * Each of `list` revoked as its user would revoke it (the OAuth 1 access token is the authorization itself; its
   * OAuth 2 tokens die with it, as RFC 7009 §2.1 allows: revoking may take "the underlying authorization grant" with
   * it). One revoked meanwhile by someone else is gone either way and not counted; answers how many this call revoked.
   */
  async revokeAll(list: Acceptance[]): Promise<number> {
    let count = 0;
    for (const acceptance of list) {
      try {
        await this.revoke(acceptance.id);
        count += 1;
      } catch (error) {
        if (await this.findById(acceptance.id)) {
          throw error;
        }
      }
    }
    return count;
  }

  /**
   * Every token the user was given, gone at once: each of their authorizations revoked (`revokeAll`), and every
   * instance drops what it cached about the user through the invalidation bus. Answers how many were revoked.
   */
  async revokeAllOfUser(userId: number): Promise<number> {
    const count = await this.revokeAll(await this.listForUser(userId));
    await this.invalidations.publish({ userId });
    return count;
  }

  /**
   * A repeated authorization. With the same grants only the time shown on "my grants" changes, which no cached
   * decision reads: announcing it would drop, on every instance, the cached state of every token of the authorization
   * (a client's silent re-approval on each sign-in did so for all its other sessions, which then needed the database
   * on their next check). Changed grants are announced, so the tokens' rights follow at once.
   */
  private renew(existing: Acceptance, changes: { grants: string[]; acceptedAt: Date }): Promise<Acceptance> {
    if (!sameList(existing.grants, changes.grants)) {
      return this.change(existing.id, changes);
    }
    return this.change(existing.id, { acceptedAt: changes.acceptedAt }, false);
  }

  /** `announce`: false only for a change no cached decision reads. */
  private async change(id: number, changes: AcceptanceChanges, announce = true): Promise<Acceptance> {
    await this.acceptances.update(id, changes);
    if (announce) {
      await this.invalidations.publish({ acceptanceId: id });
    }
    const changed = await this.acceptances.findById(id);
    if (!changed) {
      throw notFound(id);
    }
    return changed;
  }
}

function notFound(id: number): GrantsException {
  return new GrantsException(GrantsErrorCode.AcceptanceNotFound, `There is no authorization with id ${id}`);
}

/** In the same order too: the order is what the gateway's `X-Auth-Grants` and introspection's `grants` show. */
function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** MariaDB's DATETIME keeps whole seconds; truncating here gives the same value on every backend. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
