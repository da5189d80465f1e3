import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DPOP_ALGORITHMS, DpopProofCheck, DpopProofRefused, type DpopProofRequest } from '../protocol/check-dpop-proof';
import { DpopNonces } from '../protocol/dpop-nonces';

/** An access token as the request presents it: RFC 6750 §2.1's `Bearer` or RFC 9449 §7.1's `DPoP` scheme. */
export interface PresentedToken {
  scheme: 'Bearer' | 'DPoP';
  token: string;
}

/** Why a presented token may not be used, as a resource answers it (RFC 9449 §7.1, RFC 6750 §3.1). */
export class SenderRefused extends Error {
  constructor(
    readonly code: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce',
    message: string,
    /** RFC 9449 §7.1: `use_dpop_nonce` comes with a fresh nonce. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The RFC 6750 §2.1 b64token, with either scheme. */
const SCHEMES = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The sender constraint of every door that accepts access tokens (the API, the resources, UserInfo, the gateway):
 * a DPoP-bound token (RFC 9449 §6.1 `cnf.jkt`) is accepted only with the `DPoP` scheme and a proof by its key for
 * this request and this token (§7.1, `ath`); sent as `Bearer` it is refused, since a bearer copy of it is exactly
 * what binding must make useless (§7.2, RFC 9700 §2.2). An unbound token sent with the `DPoP` scheme is refused too:
 * the scheme asserts a binding the token does not carry (§7.1), and accepting it would let a client believe a bearer
 * token was protected.
 */
@Injectable()
export class SenderConstraint {
  constructor(
    private readonly proofs: DpopProofCheck,
    private readonly nonces: DpopNonces,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The token of the Authorization header; the `DPoP` scheme only while DPoP is on. */
  presented(authorization: string | undefined): PresentedToken | undefined {
    const match = SCHEMES.exec(authorization ?? '');
    if (!match) {
      return undefined;
    }
    const scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    return scheme === 'DPoP' && !this.config.oauth2.dpop.enabled ? undefined : { scheme, token: match[2] };
  }

  /** Whether the header names a scheme this door takes tokens in, well formed or not. */
  offersToken(authorization: string | undefined): boolean {
    return this.config.oauth2.dpop.enabled
      ? /^(Bearer|DPoP)(\s|$)/i.test(authorization ?? '')
      : /^Bearer(\s|$)/i.test(authorization ?? '');
  }

  /** Refuses the use of a verified token whose binding the request does not honour. */
  async confirm(
    presented: PresentedToken,
    boundKey: string | undefined,
    request: Omit<DpopProofRequest, 'accessToken'>,
  ): Promise<void> {
    if (presented.scheme === 'Bearer') {
      if (boundKey !== undefined) {
        throw new SenderRefused('invalid_token', 'This access token is DPoP-bound: send it with the DPoP scheme');
      }
      return;
    }
    if (boundKey === undefined) {
      throw new SenderRefused('invalid_token', 'This access token is not DPoP-bound: send it with the Bearer scheme');
    }
    const proof = await this.proofs.check({ ...request, accessToken: presented.token }).catch((error: unknown) => {
      if (error instanceof DpopProofRefused) {
        throw new SenderRefused(
          error.code,
          error.message,
          error.code === 'use_dpop_nonce' ? this.nonces.headers() : {},
        );
      }
      throw error;
    });
    if (proof.jkt !== boundKey) {
      throw new SenderRefused('invalid_token', 'The DPoP proof is not signed by the key this access token is bound to');
    }
  }

  /** RFC 9449 §7.1's challenge for a refusal, with the algorithms a proof may use. */
  challenge(refusal: SenderRefused): Record<string, string> {
    const description = refusal.message.replace(/["\\]/g, '');
    return {
      ...refusal.headers,
      'WWW-Authenticate': `DPoP error="${refusal.code}", error_description="${description}", algs="${DPOP_ALGORITHMS.join(' ')}"`,
    };
  }
}
