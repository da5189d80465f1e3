import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import { IdentityService } from '../identity/identity.service';
import { changeToken } from './change-token';
import type { Consumer } from './consumer';
import { ConsumerDirectory } from './consumer-directory';
import { mayView, seesSuppressed } from './consumer-guards';
import type { ConsumerLogEntity } from './consumer-log.entity';
import { ConsumerLogRepository, type LogRange } from './consumer-log.repository';
import { ConsumerRepository } from './consumer.repository';
import { type ConsumerStage, STAGE_NAMES, type StageName, stageFromName } from './consumer-stage';
import { viewConsumer } from './consumer-view';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';
import type { ConsumerDto, ConsumerPageDto } from './dto/consumer.dto';
import type { LogEntryDto, LogPageDto } from './dto/log.dto';

export interface ListQuery {
  name?: string;
  publisher?: string;
  ownerId?: number;
  stages?: ConsumerStage[];
  limit: number;
  cursor?: number;
}

/** Reads of the registry and its log, with the visibility rules of reference §1.7 applied in one place. */
@Injectable()
export class ConsumerQueryService {
  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly consumers: ConsumerRepository,
    private readonly log: ConsumerLogRepository,
    private readonly identity: IdentityService,
  ) {}

  async list(auth: AuthContext | undefined, query: ListQuery): Promise<ConsumerPageDto> {
    let ownerId = query.ownerId;
    if (query.publisher !== undefined) {
      const publisher = await this.identity.findProfileByName(query.publisher);
      if (!publisher) {
        return { consumers: [] };
      }
      ownerId = publisher.id;
    }
    const consumers = await this.directory.list({
      name: query.name,
      ownerId,
      stages: query.stages,
      includeSuppressed: seesSuppressed(auth),
      beforeId: query.cursor,
      limit: query.limit,
    });
    const last = consumers.at(-1);
    return {
      consumers: await this.views(consumers, auth),
      nextCursor: consumers.length >= query.limit && last ? String(last.id) : undefined,
    };
  }

  /** How many consumers each stage holds, as `list` would show them to this viewer (the review queue's hub). */
  async stageCounts(auth: AuthContext | undefined): Promise<Record<StageName, number>> {
    const counts = await this.directory.countByStage(seesSuppressed(auth));
    return Object.fromEntries(STAGE_NAMES.map((name) => [name, counts.get(stageFromName(name)) ?? 0])) as Record<
      StageName,
      number
    >;
  }

  /** One offset page of the viewer's own consumers of one protocol, for MediaWiki's REST listing. */
  ownerPage(
    auth: AuthContext,
    oauthVersion: 1 | 2,
    offset: number,
    limit: number,
  ): Promise<{ consumers: Consumer[]; total: number }> {
    return this.consumers.pageByOwner(auth.userId, oauthVersion, { offset, limit }, seesSuppressed(auth));
  }

  /** The consumers the viewer may not see, for listings kept outside this module (the notifications inbox). */
  async hiddenConsumerIds(auth: AuthContext): Promise<number[]> {
    return seesSuppressed(auth) ? [] : this.consumers.suppressedIds();
  }

  async detail(auth: AuthContext | undefined, key: string): Promise<{ consumer: ConsumerDto; etag: string }> {
    const consumer = await this.visible(auth, key);
    return { consumer: await this.view(consumer, auth), etag: changeToken(consumer) };
  }

  /** A consumer the viewer may see; hidden and missing ones look the same (no existence leak). */
  async visible(auth: AuthContext | undefined, key: string): Promise<Consumer> {
    const consumer = await this.directory.findByKey(key);
    if (!consumer || !mayView(consumer, auth)) {
      throw new ConsumerException(ConsumerErrorCode.ConsumerNotFound, `No consumer exists with the key ${key}`);
    }
    return consumer;
  }

  async view(consumer: Consumer, auth: AuthContext | undefined): Promise<ConsumerDto> {
    return (await this.views([consumer], auth))[0];
  }

  async views(consumers: Consumer[], auth: AuthContext | undefined): Promise<ConsumerDto[]> {
    const names = await this.identity.namesOf(consumers.map((consumer) => consumer.ownerId));
    return consumers.map((consumer) => viewConsumer(consumer, names.get(consumer.ownerId) ?? '', auth));
  }

  /** The audit log, of one consumer or of all; entries of suppressed consumers only with `mwoauthviewsuppressed`. */
  async logEntries(
    auth: AuthContext | undefined,
    consumerKey: string | undefined,
    limit: number,
    cursor?: number,
  ): Promise<LogPageDto> {
    const only = consumerKey === undefined ? undefined : await this.visible(auth, consumerKey);
    const rows = await this.log.list({ consumerIds: only ? [only.id] : undefined, beforeId: cursor, limit });
    // Entries written while suppressing are hidden by the same right as the consumer itself.
    const entries = await this.entriesOf(
      rows,
      (consumer, row) => mayView(consumer, auth) && (!row.deleted || seesSuppressed(auth)),
    );
    const last = rows.at(-1);
    return { entries, nextCursor: rows.length >= limit && last ? String(last.id) : undefined };
  }

  /**
   * One page of the whole audit log within `range`, oldest first, for an operator's export (`audit:export`): every
   * entry, those of suppressed consumers included. `afterId` is the id of the last entry of the previous page (0 at
   * first); no `lastId` is the end.
   */
  async auditPage(
    range: LogRange,
    afterId: number,
    limit: number,
  ): Promise<{ entries: LogEntryDto[]; lastId?: number }> {
    const rows = await this.log.range(range, afterId, limit);
    return { entries: await this.entriesOf(rows, () => true), lastId: rows.at(-1)?.id };
  }

  /** Log rows as entries, with their actor's name and their consumer, keeping those `shown` lets through. */
  private async entriesOf(
    rows: ConsumerLogEntity[],
    shown: (consumer: Consumer, row: ConsumerLogEntity) => boolean,
  ): Promise<LogEntryDto[]> {
    const consumers = new Map(
      (await this.directory.findByIds([...new Set(rows.map((row) => row.consumerId))])).map((c) => [c.id, c]),
    );
    const names = await this.identity.namesOf(rows.map((row) => row.actorId));
    return rows
      .filter((row) => {
        const consumer = consumers.get(row.consumerId);
        return consumer !== undefined && shown(consumer, row);
      })
      .map((row) => {
        const consumer = consumers.get(row.consumerId) as Consumer;
        return {
          id: row.id,
          timestamp: row.timestamp.toISOString(),
          action: row.action,
          actor: { id: row.actorId, name: names.get(row.actorId) ?? '' },
          consumer: { consumerKey: consumer.key, name: consumer.name, version: consumer.version },
          comment: row.comment,
          suppressed: row.deleted,
        };
      });
  }
}
