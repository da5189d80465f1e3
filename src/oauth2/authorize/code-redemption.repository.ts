import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AtomicWrite, type AtomicStep } from '../../database/atomic-write';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { PlainFind } from '../../database/plain-find';
import { PlainInsert, type RowShape } from '../../database/plain-insert';
import { isUniqueViolation } from '../../database/unique-violation';
import { CodeRedemptionEntity } from './code-redemption.entity';

interface NewRedemption {
  codeHash: string;
  expires: Date;
}

const NEW_ROW: RowShape<CodeRedemptionEntity, NewRedemption> = [
  ['codeHash', (record) => record.codeHash],
  ['expires', (record) => record.expires],
];

/** The only code that touches `oauth2_code_redemptions`; it only ever sees hashes of the codes. */
@Injectable()
export class CodeRedemptionRepository {
  private readonly rows: PlainInsert<CodeRedemptionEntity, NewRedemption>;
  private readonly atomically: AtomicWrite;
  private readonly byHash: PlainFind<CodeRedemptionEntity>;

  constructor(@InjectRepository(CodeRedemptionEntity) private readonly redemptions: Repository<CodeRedemptionEntity>) {
    this.rows = new PlainInsert(redemptions, NEW_ROW);
    this.atomically = new AtomicWrite(redemptions.manager.connection);
    this.byHash = new PlainFind(redemptions, 'codeHash');
  }

  /**
   * Records the code redeemed together with `alongside` (the INSERT of the refresh token it was exchanged for), both
   * or neither. False, with nothing written, when it was redeemed before: of concurrent callers exactly one gets true
   * (on MariaDB the second INSERT of the key waits for the first's commit, then fails).
   */
  async record(codeHash: string, expires: Date, alongside: AtomicStep[]): Promise<boolean> {
    try {
      return await this.atomically.run([this.rows.statement([{ codeHash, expires }]), ...alongside]);
    } catch (error) {
      if (isUniqueViolation(error)) {
        return false;
      }
      throw error;
    }
  }

  async wasRedeemed(codeHash: string): Promise<boolean> {
    return (await this.byHash.one(codeHash)) !== undefined;
  }

  /** Deletes the rows whose replays stopped being recognised before `before`. */
  purgeExpired(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.redemptions, { expires: LessThan(before) }, batches);
  }
}
