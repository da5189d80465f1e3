import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DoorLimits } from '../common/rate-limits/door-limits';
import { AccountSessions } from './account-sessions.service';
import { SignInCredentials } from './federation/sign-in-credentials';
import { type UpstreamOrigin, UpstreamSessions } from './federation/upstream-sessions';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { IdentityService } from './identity.service';
import { LoginThrottle } from './login-throttle';
import { PendingSignIns } from './second-factor/pending-sign-ins';
import { TwoFactorService } from './second-factor/two-factor.service';
import { WebauthnService } from './second-factor/webauthn.service';
import { type Session, SessionService } from './session.service';
import type { UserProfile } from './user-profile';

/** Where a sign-in comes from: the address the throttle counts, the browser, and the session it may replace. */
export interface SignInContext {
  ip: string | undefined;
  userAgent: string;
  /** The session cookie the browser still held, if any: signing in replaces it (the session id rotates). */
  previousSessionId?: string;
}

/** What the second step of a sign-in offers: a typed code (TOTP or recovery), or a WebAuthn assertion. */
export type SecondFactorProof =
  { code: string; webauthn?: never } | { webauthn: AuthenticationResponseJSON; code?: never };

/** A sign-in's outcome: a session, or (for an account with a second factor) a pending sign-in's token. */
export type SignInResult =
  | { user: UserProfile; session: Session; pendingSecondFactor?: never }
  | { user: UserProfile; pendingSecondFactor: string; session?: never };

/** Password sign-in, its second factor, sign-out and change of password, shared by the JSON API and the pages. */
@Injectable()
export class LoginService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
    private readonly accountSessions: AccountSessions,
    private readonly throttle: LoginThrottle,
    private readonly twoFactor: TwoFactorService,
    private readonly pending: PendingSignIns,
    private readonly webauthn: WebauthnService,
    private readonly limits: DoorLimits,
    private readonly credentials: SignInCredentials,
    private readonly upstreamSessions: UpstreamSessions,
  ) {}

  /**
   * Signs in with a password. A throttled attempt is refused before the password is checked, with the same answer
   * whether or not the account exists (`LoginThrottle`). An account with a second factor gets no session yet but a
   * pending sign-in that `completeSecondFactor` finishes. A session the browser already had ends: every sign-in gets a
   * new session id (session fixation, OWASP ASVS V3.2.1). Every attempt, and every second step, first counts against
   * the address's abuse limit (`RATE_LIMIT_LOGIN`), which bounds the password hashing one source can cause.
   */
  async login(name: string, password: string, context: SignInContext, recoveryCode?: string): Promise<SignInResult> {
    await this.limits.admit('login', context.ip);
    if (recoveryCode) {
      return this.recoverySignIn(name, password, recoveryCode, context);
    }
    // A local account's password, or a directory person's (issue 22), under the same throttle.
    const user = await this.throttled(name, context.ip, () => this.credentials.verify(name, password));
    if (await this.twoFactor.isEnrolled(user.id)) {
      return { user, pendingSecondFactor: await this.pending.start(user.id) };
    }
    await this.endPrevious(context.previousSessionId);
    return { user, session: await this.newSession(user.id, ['pwd'], context) };
  }

  /**
   * A sign-in an upstream OpenID Provider vouched for (issue 22 §2). The account's own second factor still applies,
   * and the session id rotates as at every sign-in. `amr` is the provider's (RFC 8176), which did the authenticating.
   * The session is recorded as made by the upstream's `origin` (now, or when the second factor completes), so that
   * the upstream's back-channel logout of its session ends this one.
   */
  async upstreamSignIn(
    user: UserProfile,
    amr: string[],
    origin: UpstreamOrigin,
    context: SignInContext,
  ): Promise<SignInResult> {
    if (await this.twoFactor.isEnrolled(user.id)) {
      return { user, pendingSecondFactor: await this.pending.start(user.id, { origin, amr }) };
    }
    await this.endPrevious(context.previousSessionId);
    const session = await this.newSession(user.id, amr, context);
    await this.upstreamSessions.remember(origin, { userId: user.id, sid: session.sid });
    return { user, session };
  }

  /**
   * A sign-in with the password and one of the account's recovery codes at once: the way in for an owner whose
   * account others have throttled (issue 15: "a throttled account can still use a second factor's recovery"). The
   * account's limit from anywhere does not hold it, so the code is checked before the password: without a code,
   * nobody gets to guess passwords past that limit. The code is spent only when the password is right too, and every
   * failure gets one answer, after the same password hashing, whether the name, the password or the code was wrong.
   */
  private async recoverySignIn(
    name: string,
    password: string,
    recoveryCode: string,
    context: SignInContext,
  ): Promise<SignInResult> {
    const user = await this.throttled(
      name,
      context.ip,
      async () => {
        const owner = await this.identity.findProfileByName(name);
        const codeHolds = owner !== undefined && (await this.twoFactor.hasRecoveryCode(owner.id, recoveryCode));
        // The account's own password check (local, or the directory's), with an empty one when the code failed: the
        // same hashing for a local account, and no second oracle beside the code.
        const checked = await this.credentials.verify(name, codeHolds ? password : '').catch((error: unknown) => {
          if (error instanceof IdentityException && error.code === IdentityErrorCode.InvalidCredentials) {
            return undefined;
          }
          throw error;
        });
        if (!owner || !codeHolds || checked?.id !== owner.id) {
          throw new IdentityException(
            IdentityErrorCode.InvalidCredentials,
            'Incorrect user name, password or recovery code',
          );
        }
        return checked;
      },
      'recovery',
    );
    if (!(await this.twoFactor.spendRecoveryCode(user.id, recoveryCode))) {
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'This recovery code was used already');
    }
    this.audit.log(
      { action: 'sign-in', userId: user.id, factors: ['pwd', 'recovery-code'] },
      'signed in with a recovery code',
    );
    await this.endPrevious(context.previousSessionId);
    return { user, session: await this.newSession(user.id, ['pwd', 'otp', 'mfa'], context) };
  }

  /** Whether the pending sign-in's account has a security key, so the page offers it; false for an ended sign-in. */
  async pendingHasSecurityKey(pendingToken: string): Promise<boolean> {
    const userId = await this.pending.userOf(pendingToken);
    return userId !== undefined && (await this.webauthn.list(userId)).length > 0;
  }

  /** The WebAuthn options for a pending sign-in: its account's keys, and a challenge only it can answer. */
  async secondFactorWebauthnOptions(pendingToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.webauthn.authenticationOptions(await this.pendingUser(pendingToken), pendingToken);
  }

  /**
   * The second step of a sign-in: a TOTP code, a recovery code or a security key's assertion for the pending sign-in's
   * account. The session it makes says both factors were used (RFC 8176 `amr`: `pwd`, or what the upstream provider
   * said of the first step it took, then `otp` for a code or `hwk` for a key, and `mfa`), for OpenID Connect and the
   * audit log.
   */
  async completeSecondFactor(
    pendingToken: string,
    proof: SecondFactorProof,
    context: SignInContext,
  ): Promise<{ user: UserProfile; session: Session }> {
    await this.limits.admit('login', context.ip);
    const userId = await this.pendingUser(pendingToken);
    const factor =
      proof.webauthn !== undefined
        ? (await this.webauthn.verifyAssertion(userId, pendingToken, proof.webauthn)) && 'webauthn'
        : await this.twoFactor.verify(userId, proof.code);
    if (!factor) {
      await this.pending.failed(pendingToken);
      throw new IdentityException(IdentityErrorCode.InvalidSecondFactor, 'The code is not correct');
    }
    const user = await this.identity.findProfile(userId);
    const finished = user ? await this.pending.finish(pendingToken) : undefined;
    if (!user || !finished) {
      throw new IdentityException(
        IdentityErrorCode.InvalidSecondFactor,
        'This sign-in has ended; give your password again',
      );
    }
    const first = finished.firstFactors ?? ['pwd'];
    this.audit.log({ action: 'sign-in', userId, factors: [...first, factor] }, 'signed in with two factors');
    await this.endPrevious(context.previousSessionId);
    // RFC 8176 §2: `hwk`, proof of possession of a hardware-secured key; `otp`, a one-time code.
    const amr = [...new Set([...first, factor === 'webauthn' ? 'hwk' : 'otp', 'mfa'])];
    const session = await this.newSession(userId, amr, context);
    if (finished.upstream) {
      await this.upstreamSessions.remember(finished.upstream, { userId, sid: session.sid });
    }
    return { user, session };
  }

  private async pendingUser(pendingToken: string): Promise<number> {
    const userId = await this.pending.userOf(pendingToken);
    if (userId === undefined) {
      throw new IdentityException(
        IdentityErrorCode.InvalidSecondFactor,
        'This sign-in has ended (too slow, or too many wrong codes); give your password again',
      );
    }
    return userId;
  }

  /**
   * The signed-in person's change of password. The current password is checked under the same throttle as a
   * sign-in (a stolen session must not become a way to guess it). Every other session of the account ends; this one
   * is replaced by a new session (a new id, as at every sign-in), which is answered.
   */
  async changePassword(
    session: { id: string; sid: string; amr: string[] },
    user: { id: number; name: string },
    passwords: { current: string; next: string },
    context: SignInContext,
  ): Promise<Session> {
    await this.throttled(user.name, context.ip, () =>
      this.identity.changePassword(user.id, passwords.current, passwords.next),
    );
    this.audit.log({ action: 'change-password', userId: user.id }, 'password changed; other sessions ended');
    await this.accountSessions.endOthers(user.id, session.sid);
    await this.logout(session, user.id);
    return this.newSession(user.id, session.amr, context);
  }

  /** Signing out: the session ends and is announced (OpenID Connect's back-channel logout). */
  logout(session: { id: string; sid: string }, userId: number): Promise<void> {
    return this.accountSessions.endCurrent(session, userId);
  }

  private newSession(userId: number, amr: string[], context: SignInContext): Promise<Session> {
    return this.sessions.create(userId, amr, { ip: context.ip ?? '', userAgent: context.userAgent });
  }

  private async endPrevious(previousSessionId: string | undefined): Promise<void> {
    const previous = previousSessionId === undefined ? undefined : await this.sessions.find(previousSessionId);
    if (previous) {
      await this.logout(previous, previous.userId);
    }
  }

  /** Runs a password check that a `LoginThrottle` admits; a wrong password counts against the address. */
  private async throttled<T>(
    name: string,
    address: string | undefined,
    check: () => Promise<T>,
    kind: 'password' | 'recovery' = 'password',
  ): Promise<T> {
    const wait = await this.throttle.admit(name, address, kind);
    if (wait > 0) {
      // Said whether or not the account exists or has a second factor, so it tells nothing about the account.
      throw new IdentityException(
        IdentityErrorCode.Throttled,
        `You have made too many recent sign-in attempts. Please wait ${describeWait(wait)} before trying again.` +
          (kind === 'password'
            ? ' If the account has two-factor authentication, a recovery code may let you in sooner.'
            : ''),
        { 'Retry-After': String(wait) },
      );
    }
    let result: T;
    try {
      result = await check();
    } catch (error) {
      if (error instanceof IdentityException && error.code === IdentityErrorCode.InvalidCredentials) {
        await this.throttle.countFailure(address);
      }
      throw error;
    }
    await this.throttle.clear(name, address);
    return result;
  }
}

/** MediaWiki's "Please wait 5 minutes": seconds up to two minutes, then whole minutes, then whole hours. */
function describeWait(seconds: number): string {
  if (seconds < 120) {
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
