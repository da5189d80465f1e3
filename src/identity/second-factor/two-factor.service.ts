import { Inject, Injectable, Logger } from '@nestjs/common';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { toString as qrSvg } from 'qrcode';
import { TemporaryStore } from '../../cache/temporary-store';
import { SealedBox } from '../../common/crypto/sealed-box';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { newRecoveryCodes, normalizedRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { SecondFactorRepository } from './second-factor.repository';

/** RFC 6238 §5.2: one time step either side, for clocks that drift and people who type slowly. */
const TOLERANCE_SECONDS = 30;
/** A used code's time step is remembered past any window in which it could verify again. */
const USED_CODE_TTL_SECONDS = 120;
const TOTP_CODE = /^\d{6}$/;

export interface TotpEnrolment {
  /** Base32, for people who type it into their app. */
  secret: string;
  /** The `otpauth://` URI an authenticator app reads from the QR code. */
  otpauthUri: string;
  /** That URI as a QR code, an SVG drawn here: no image leaves for an outside service. */
  qrSvg: string;
}

export interface TwoFactorStatus {
  totp: boolean;
  /** How many WebAuthn security keys or passkeys are registered. */
  securityKeys: number;
  recoveryCodesLeft: number;
}

/**
 * TOTP (RFC 6238, with otplib) and one-time recovery codes, as MediaWiki's OATHAuth: enrolment with a QR code and a
 * confirming code, sign-in with a code or a recovery code, removal. Secrets are sealed with the server key at rest
 * and never shown again after enrolment; recovery codes are kept as keyed hashes only; a TOTP code is accepted once
 * per account and time step, on every instance (`TemporaryStore.add`), so a code seen over a shoulder cannot be
 * replayed within its window.
 */
@Injectable()
export class TwoFactorService {
  private readonly audit = new Logger('Audit');
  private readonly box: SealedBox;

  constructor(
    private readonly factors: SecondFactorRepository,
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SealedBox(config.oauth.secretKey, 'totp-secret');
  }

  async status(userId: number): Promise<TwoFactorStatus> {
    const totp = Boolean((await this.factors.findTotp(userId))?.confirmedAt);
    const securityKeys = await this.factors.countWebauthn(userId);
    const enrolled = totp || securityKeys > 0;
    return {
      totp,
      securityKeys,
      recoveryCodesLeft: enrolled ? await this.factors.countUnusedRecoveryCodes(userId) : 0,
    };
  }

  /** TOTP or any security key is a second factor. */
  async isEnrolled(userId: number): Promise<boolean> {
    return (
      Boolean((await this.factors.findTotp(userId))?.confirmedAt) || (await this.factors.countWebauthn(userId)) > 0
    );
  }

  async hasTotp(userId: number): Promise<boolean> {
    return Boolean((await this.factors.findTotp(userId))?.confirmedAt);
  }

  /** A new secret, not yet in force: the person scans it, then confirms with a first code. */
  async beginTotp(userId: number, userName: string): Promise<TotpEnrolment> {
    if (await this.hasTotp(userId)) {
      throw new IdentityException(IdentityErrorCode.SecondFactorExists, 'Two-factor authentication is already on');
    }
    const secret = generateSecret();
    await this.factors.saveUnconfirmedTotp(userId, this.box.seal(secret));
    const issuer = new URL(this.config.http.publicUrl).host;
    const otpauthUri = generateURI({ issuer: `Gatehouse ${issuer}`, label: userName, secret });
    return { secret, otpauthUri, qrSvg: await qrSvg(otpauthUri, { type: 'svg', margin: 1 }) };
  }

  /** Puts the new secret in force once a code from it checks, and answers the recovery codes, shown this once. */
  async confirmTotp(userId: number, code: string): Promise<string[]> {
    const totp = await this.factors.findTotp(userId);
    if (!totp || totp.confirmedAt !== null) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'Start the set-up first');
    }
    if (!(await this.totpAccepts(userId, totp.secret, code))) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'The code is not correct; try the next one');
    }
    const codes = newRecoveryCodes();
    await this.factors.confirmTotp(
      userId,
      codes.map((recovery) => recoveryCodeHash(recovery, this.config.oauth.secretKey)),
    );
    this.audit.log({ action: 'totp-enabled', userId }, 'two-factor authentication turned on');
    return codes;
  }

  /** Turning it off takes a current code (or a recovery code), as OATHAuth's disable form does. */
  async disableTotp(userId: number, code: string): Promise<void> {
    if (!(await this.verify(userId, code))) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'The code is not correct');
    }
    await this.factors.removeTotp(userId);
    this.audit.log({ action: 'totp-disabled', userId }, 'two-factor authentication turned off');
  }

  /** Which factor `code` proves for the account, spending it; undefined when it proves none. */
  async verify(userId: number, code: string): Promise<'totp' | 'recovery-code' | undefined> {
    const totp = await this.factors.findTotp(userId);
    const typed = code.replace(/\s/g, '');
    if (TOTP_CODE.test(typed)) {
      return totp?.confirmedAt && (await this.totpAccepts(userId, totp.secret, typed)) ? 'totp' : undefined;
    }
    return (await this.spendRecoveryCode(userId, code)) ? 'recovery-code' : undefined;
  }

  /**
   * Whether `code` is one of the account's unspent recovery codes, without spending it: a recovery sign-in checks it
   * before the password and spends it only once the password is right too. Recovery codes exist only while some
   * second factor is on (TOTP or a security key).
   */
  async hasRecoveryCode(userId: number, code: string): Promise<boolean> {
    return (
      normalizedRecoveryCode(code).length === 10 &&
      this.factors.hasUnusedRecoveryCode(userId, recoveryCodeHash(code, this.config.oauth.secretKey))
    );
  }

  /** Spends a recovery code, once on whichever instance (one conditional UPDATE); false when it is not unspent. */
  async spendRecoveryCode(userId: number, code: string): Promise<boolean> {
    const spent =
      normalizedRecoveryCode(code).length === 10 &&
      (await this.factors.spendRecoveryCode(userId, recoveryCodeHash(code, this.config.oauth.secretKey)));
    if (spent) {
      this.audit.warn({ action: 'recovery-code-used', userId }, 'a recovery code was used');
    }
    return spent;
  }

  /** The code checks against the sealed secret, and its time step was not used before by this account. */
  private async totpAccepts(userId: number, sealedSecret: string, code: string): Promise<boolean> {
    const secret = this.box.open(sealedSecret);
    if (!secret || !TOTP_CODE.test(code.trim())) {
      return false;
    }
    const result = verifySync({ secret, token: code.trim(), epochTolerance: TOLERANCE_SECONDS });
    // `epoch`: the start of the time step the code matched, which names the step.
    if (!result.valid || !('epoch' in result)) {
      return false;
    }
    return this.store.add(`totp-used:${userId}:${result.epoch}`, 1, USED_CODE_TTL_SECONDS);
  }
}
