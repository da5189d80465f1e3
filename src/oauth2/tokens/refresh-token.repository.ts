import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, LessThan, MoreThan, Repository } from 'typeorm';
import { AtomicWrite, type AtomicStep, type Statement } from '../../database/atomic-write';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { PlainFind } from '../../database/plain-find';
import { PlainInsert, type RowShape } from '../../database/plain-insert';
import { PlainUpdate } from '../../database/plain-update';
import { WriteBatcher } from '../../database/write-batcher';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface RefreshTokenRecord {
  id: number;
  tokenHash: string;
  accessTokenJti: string;
  acceptanceId: number;
  consumerId: number;
  userId: number | null;
  scopes: string[];
  familyId: string;
  expires: Date;
  rotatedAt: Date | null;
  revoked: boolean;
  /** RFC 9449 §5: the DPoP key a public client's token is bound to; null when unbound. */
  dpopJkt: string | null;
  /** RFC 8707 §2: the resource the grant was made for; null when none was named. */
  resource: string | null;
}

export type IssuedToken = Pick<RefreshTokenRecord, 'id' | 'accessTokenJti' | 'rotatedAt' | 'revoked'>;

export type NewRefreshTokenRow = Omit<RefreshTokenRecord, 'id' | 'rotatedAt' | 'revoked'>;

const NEW_ROW: RowShape<RefreshTokenEntity, NewRefreshTokenRow> = [
  ['tokenHash', (record) => record.tokenHash],
  ['accessTokenJti', (record) => record.accessTokenJti],
  ['acceptanceId', (record) => record.acceptanceId],
  ['consumerId', (record) => record.consumerId],
  ['userId', (record) => record.userId],
  ['scopes', (record) => record.scopes],
  ['familyId', (record) => record.familyId],
  ['expires', (record) => record.expires],
  ['rotatedAt', () => null],
  ['revoked', () => false],
  ['dpopJkt', (record) => record.dpopJkt],
  ['resource', (record) => record.resource],
];

/** The only code that touches `oauth2_refresh_tokens`; it only ever sees hashes of the tokens. */
@Injectable()
export class RefreshTokenRepository {
  private readonly rows: PlainInsert<RefreshTokenEntity, NewRefreshTokenRow>;
  private readonly inserts: WriteBatcher<NewRefreshTokenRow>;
  private readonly atomically: AtomicWrite;
  private readonly byHash: PlainFind<RefreshTokenEntity>;
  /** Sets `rotated_at` of an unused, live token: the compare-and-set of rotation. */
  private readonly rotateUnused: PlainUpdate<RefreshTokenEntity>;
  /** Revokes an unused, live token. */
  private readonly revokeUnused: PlainUpdate<RefreshTokenEntity>;

  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {
    this.rows = new PlainInsert(tokens, NEW_ROW);
    this.inserts = new WriteBatcher((records) => this.rows.run(records));
    this.atomically = new AtomicWrite(tokens.manager.connection);
    this.byHash = new PlainFind(tokens, 'tokenHash');
    this.rotateUnused = new PlainUpdate(tokens, {
      set: ['rotatedAt'],
      where: ['id', 'revoked'],
      whereNull: ['rotatedAt'],
    });
    this.revokeUnused = new PlainUpdate(tokens, {
      set: ['revoked'],
      where: ['id', 'revoked'],
      whereNull: ['rotatedAt'],
    });
  }

  /**
   * A token that takes the place of none (a code exchange). Settles once the row is committed; the tokens issued in
   * the same moment share one INSERT (group commit).
   */
  insert(record: NewRefreshTokenRow): Promise<void> {
    return this.inserts.add(record);
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    return this.byHash.one(tokenHash);
  }

  /**
   * Marks the token used and stores its successor (none when the client may no longer refresh) with the writes that go
   * `alongside` the rotation (its access tokens'), all or none: a crash in between cannot leave a used token without
   * the successor it was exchanged for (issue 24). Exactly one of concurrent callers gets true. Written on its own, not
   * in a batch of inserts, so that its failure is this request's alone.
   */
  async rotate(
    id: number,
    at: Date,
    successor: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[] = [],
  ): Promise<boolean> {
    return this.replaceAtomically(this.rotateUnused.statement([at], [id, false]), successor, alongside);
  }

  /**
   * The tokens issued after this one in its family, oldest first: its successors, then theirs. Ids, not times, since
   * ids grow with every insert and MariaDB keeps `rotated_at` to the second.
   */
  async issuedAfter(familyId: string, tokenId: number): Promise<IssuedToken[]> {
    return this.tokens.find({
      select: { id: true, accessTokenJti: true, rotatedAt: true, revoked: true },
      where: { familyId, id: MoreThan(tokenId) },
      order: { id: 'ASC' },
    });
  }

  /**
   * Revokes a token that nobody has used yet and stores the one that takes its place, with the writes that go
   * `alongside`, all or none; exactly one of concurrent callers (and of a concurrent `rotate` of that token) gets true.
   */
  async supersede(
    id: number,
    replacement: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[] = [],
  ): Promise<boolean> {
    return this.replaceAtomically(this.revokeUnused.statement([true], [id, false]), replacement, alongside);
  }

  async revoke(id: number): Promise<void> {
    await this.revokeWhere({ id });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.revokeWhere({ familyId });
  }

  async revokeByAcceptance(acceptanceId: number): Promise<void> {
    await this.revokeWhere({ acceptanceId });
  }

  async revokeByConsumer(consumerId: number): Promise<void> {
    await this.revokeWhere({ consumerId });
  }

  /** Deletes the rows of tokens that expired before `before`, whether used, revoked or neither. */
  purgeExpired(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.tokens, { expires: LessThan(before) }, batches);
  }

  /** The INSERT of `record` (none for undefined), for a transaction that decides something with it. */
  insertStep(record: NewRefreshTokenRow | undefined): AtomicStep[] {
    return record ? [this.rows.statement([record])] : [];
  }

  /** `guard` (the compare-and-set that takes a token out of use), the row that takes its place and `alongside`. */
  private replaceAtomically(
    guard: Statement,
    next: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[],
  ): Promise<boolean> {
    return this.atomically.run([{ ...guard, guard: true }, ...this.insertStep(next), ...alongside]);
  }

  private async revokeWhere(where: FindOptionsWhere<RefreshTokenEntity>): Promise<void> {
    await this.tokens.update({ ...where, revoked: false }, { revoked: true });
  }
}
