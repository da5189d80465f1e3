import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Transactions } from '../../database/transactions';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TotpCredentialEntity } from './totp-credential.entity';
import { WebauthnCredentialEntity } from './webauthn-credential.entity';

/** The only code that touches `user_totp`, `user_webauthn_credentials` and `user_recovery_codes`. */
@Injectable()
export class SecondFactorRepository {
  constructor(
    @InjectRepository(TotpCredentialEntity) private readonly totp: Repository<TotpCredentialEntity>,
    @InjectRepository(RecoveryCodeEntity) private readonly codes: Repository<RecoveryCodeEntity>,
    @InjectRepository(WebauthnCredentialEntity) private readonly keys: Repository<WebauthnCredentialEntity>,
    private readonly transactions: Transactions,
  ) {}

  findTotp(userId: number): Promise<TotpCredentialEntity | null> {
    return this.totp.findOneBy({ userId });
  }

  /** A new, unconfirmed secret replaces any unconfirmed one; a confirmed one stays until it is removed. */
  async saveUnconfirmedTotp(userId: number, sealedSecret: string): Promise<void> {
    // One row needs no transaction; TypeORM's would open on SQLite's shared connection and take in others' statements.
    await this.totp.save(
      { userId, secret: sealedSecret, confirmedAt: null, createdAt: new Date() },
      { transaction: false },
    );
  }

  /** Confirms the secret and replaces the recovery codes, in one transaction. */
  async confirmTotp(userId: number, codeHashes: string[]): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.getRepository(TotpCredentialEntity).update({ userId }, { confirmedAt: new Date() });
      await manager.getRepository(RecoveryCodeEntity).delete({ userId });
      await manager
        .getRepository(RecoveryCodeEntity)
        .insert(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })));
    });
  }

  /** Removes TOTP; the recovery codes go with it unless a security key still needs them. */
  async removeTotp(userId: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.getRepository(TotpCredentialEntity).delete({ userId });
      if ((await manager.getRepository(WebauthnCredentialEntity).countBy({ userId })) === 0) {
        await manager.getRepository(RecoveryCodeEntity).delete({ userId });
      }
    });
  }

  /** Replaces the recovery codes, when a first factor arrives with none left. */
  async replaceRecoveryCodes(userId: number, codeHashes: string[]): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.getRepository(RecoveryCodeEntity).delete({ userId });
      await manager
        .getRepository(RecoveryCodeEntity)
        .insert(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })));
    });
  }

  listWebauthn(userId: number): Promise<WebauthnCredentialEntity[]> {
    return this.keys.find({ where: { userId }, order: { id: 'ASC' } });
  }

  countWebauthn(userId: number): Promise<number> {
    return this.keys.countBy({ userId });
  }

  findWebauthn(userId: number, credentialId: string): Promise<WebauthnCredentialEntity | null> {
    return this.keys.findOneBy({ userId, credentialId });
  }

  findWebauthnAnywhere(credentialId: string): Promise<WebauthnCredentialEntity | null> {
    return this.keys.findOneBy({ credentialId });
  }

  async addWebauthn(
    credential: Pick<
      WebauthnCredentialEntity,
      'userId' | 'credentialId' | 'publicKey' | 'counter' | 'transports' | 'name'
    >,
  ): Promise<void> {
    await this.keys.insert({ ...credential, createdAt: new Date(), lastUsedAt: null });
  }

  /**
   * Records a verified assertion's counter, only if it is still the one it was checked against: of two concurrent
   * uses of one signature, one changes the row.
   */
  async useWebauthn(id: number, previousCounter: number, counter: number): Promise<boolean> {
    const result = await this.keys.update({ id, counter: previousCounter }, { counter, lastUsedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  /** Removes one of the user's keys; the recovery codes go with the last second factor. False when it is not theirs. */
  async removeWebauthn(userId: number, id: number): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const result = await manager.getRepository(WebauthnCredentialEntity).delete({ userId, id });
      if ((result.affected ?? 0) === 0) {
        return false;
      }
      const keysLeft = await manager.getRepository(WebauthnCredentialEntity).countBy({ userId });
      const totp = await manager.getRepository(TotpCredentialEntity).findOneBy({ userId });
      if (keysLeft === 0 && !totp?.confirmedAt) {
        await manager.getRepository(RecoveryCodeEntity).delete({ userId });
      }
      return true;
    });
  }

  /** Spends a recovery code: one conditional UPDATE, so of two concurrent uses exactly one changes the row. */
  async spendRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const result = await this.codes.update({ userId, codeHash, usedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  /** Whether the account has this recovery code unspent; it stays unspent (`spendRecoveryCode` spends it). */
  hasUnusedRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    return this.codes.existsBy({ userId, codeHash, usedAt: IsNull() });
  }

  countUnusedRecoveryCodes(userId: number): Promise<number> {
    return this.codes.countBy({ userId, usedAt: IsNull() });
  }
}
