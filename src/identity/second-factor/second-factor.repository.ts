import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TotpCredentialEntity } from './totp-credential.entity';

/** The only code that touches `user_totp` and `user_recovery_codes`. */
@Injectable()
export class SecondFactorRepository {
  constructor(
    @InjectRepository(TotpCredentialEntity) private readonly totp: Repository<TotpCredentialEntity>,
    @InjectRepository(RecoveryCodeEntity) private readonly codes: Repository<RecoveryCodeEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findTotp(userId: number): Promise<TotpCredentialEntity | null> {
    return this.totp.findOneBy({ userId });
  }

  /** A new, unconfirmed secret replaces any unconfirmed one; a confirmed one stays until it is removed. */
  async saveUnconfirmedTotp(userId: number, sealedSecret: string): Promise<void> {
    await this.totp.save({ userId, secret: sealedSecret, confirmedAt: null, createdAt: new Date() });
  }

  /** Confirms the secret and replaces the recovery codes, in one transaction. */
  async confirmTotp(userId: number, codeHashes: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(TotpCredentialEntity).update({ userId }, { confirmedAt: new Date() });
      await manager.getRepository(RecoveryCodeEntity).delete({ userId });
      await manager
        .getRepository(RecoveryCodeEntity)
        .insert(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })));
    });
  }

  async removeTotp(userId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(TotpCredentialEntity).delete({ userId });
      await manager.getRepository(RecoveryCodeEntity).delete({ userId });
    });
  }

  /** Spends a recovery code: one conditional UPDATE, so of two concurrent uses exactly one changes the row. */
  async spendRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const result = await this.codes.update({ userId, codeHash, usedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  countUnusedRecoveryCodes(userId: number): Promise<number> {
    return this.codes.countBy({ userId, usedAt: IsNull() });
  }
}
