import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { TemporaryStore } from '../../cache/temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes';
import { SecondFactorRepository } from './second-factor.repository';

/** How long a ceremony's challenge waits for the browser (WebAuthn §5.4.5 suggests 5 minutes for most). */
const CHALLENGE_TTL_SECONDS = 300;

export interface SecurityKeySummary {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/**
 * WebAuthn security keys and passkeys as second factors (W3C WebAuthn, with @simplewebauthn/server), as OATHAuth's
 * WebAuthn module: several keys per person, added and removed on the two-factor page, asked for at sign-in. Each
 * ceremony's challenge is drawn here, kept once in the `TemporaryStore` and taken atomically when the answer comes
 * (§13.4.3: a challenge is used once), on whichever instance; a sign-in's challenge is bound to its pending sign-in.
 */
@Injectable()
export class WebauthnService {
  private readonly audit = new Logger('Audit');
  private readonly origin: string;
  private readonly rpId: string;

  constructor(
    private readonly factors: SecondFactorRepository,
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const publicUrl = new URL(config.http.publicUrl);
    this.origin = publicUrl.origin;
    // §5.1.2: the RP ID is a registrable domain of the origin; the host of the public URL, as the browser sees it.
    this.rpId = publicUrl.hostname;
  }

  async list(userId: number): Promise<SecurityKeySummary[]> {
    return (await this.factors.listWebauthn(userId)).map(({ id, name, createdAt, lastUsedAt }) => ({
      id,
      name,
      createdAt,
      lastUsedAt,
    }));
  }

  /** The options of `navigator.credentials.create()`, excluding the person's keys so one key is not added twice. */
  async registrationOptions(userId: number, userName: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.factors.listWebauthn(userId);
    const options = await generateRegistrationOptions({
      rpName: 'Gatehouse',
      rpID: this.rpId,
      userName,
      attestationType: 'none',
      excludeCredentials: existing.map((key) => ({ id: key.credentialId, transports: transportsOf(key.transports) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.store.set(registrationKey(userId), options.challenge, CHALLENGE_TTL_SECONDS);
    return options;
  }

  /**
   * Adds the key the browser created for the last options, once its attestation checks (§7.1). Answers recovery
   * codes, shown this once, when the person had none left (a first second factor); otherwise none.
   */
  async register(userId: number, name: string, response: RegistrationResponseJSON): Promise<string[]> {
    const challenge = await this.store.take<string>(registrationKey(userId));
    if (challenge === undefined) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'Start adding the security key again');
    }
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.origin,
      expectedRPID: this.rpId,
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!verification?.verified) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'The security key could not be verified');
    }
    const { credential } = verification.registrationInfo;
    if (await this.factors.findWebauthnAnywhere(credential.id)) {
      throw new IdentityException(IdentityErrorCode.SecondFactorExists, 'This security key is already registered');
    }
    await this.factors.addWebauthn({
      userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      name,
    });
    this.audit.log({ action: 'webauthn-added', userId }, 'a security key was added');
    if ((await this.factors.countUnusedRecoveryCodes(userId)) > 0) {
      return [];
    }
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(
      userId,
      codes.map((code) => recoveryCodeHash(code, this.config.oauth.secretKey)),
    );
    return codes;
  }

  async remove(userId: number, id: number): Promise<void> {
    if (!(await this.factors.removeWebauthn(userId, id))) {
      throw new IdentityException(IdentityErrorCode.SecondFactorNotFound, 'No such security key');
    }
    this.audit.log({ action: 'webauthn-removed', userId }, 'a security key was removed');
  }

  /** The options of `navigator.credentials.get()` for a pending sign-in: the account's keys, a challenge bound to it. */
  async authenticationOptions(userId: number, pendingToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const keys = await this.factors.listWebauthn(userId);
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: transportsOf(key.transports) })),
      userVerification: 'preferred',
    });
    await this.store.set(authenticationKey(pendingToken), options.challenge, CHALLENGE_TTL_SECONDS);
    return options;
  }

  /**
   * Whether the assertion proves one of the account's keys (§7.2) for the pending sign-in's challenge, which it
   * spends either way. The new signature counter is stored only if no other use got there first (§6.1.1).
   */
  async verifyAssertion(userId: number, pendingToken: string, response: AuthenticationResponseJSON): Promise<boolean> {
    const challenge = await this.store.take<string>(authenticationKey(pendingToken));
    const key = typeof response?.id === 'string' ? await this.factors.findWebauthn(userId, response.id) : null;
    if (challenge === undefined || !key) {
      return false;
    }
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.origin,
      expectedRPID: this.rpId,
      credential: {
        id: key.credentialId,
        publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
        counter: key.counter,
        transports: transportsOf(key.transports),
      },
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!verification?.verified) {
      return false;
    }
    return this.factors.useWebauthn(key.id, key.counter, verification.authenticationInfo.newCounter);
  }
}

function transportsOf(json: string): AuthenticatorTransportFuture[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as AuthenticatorTransportFuture[]) : [];
}

function registrationKey(userId: number): string {
  return `webauthn-registration:${userId}`;
}

function authenticationKey(pendingToken: string): string {
  return `webauthn-authentication:${sha256Hex(pendingToken)}`;
}
