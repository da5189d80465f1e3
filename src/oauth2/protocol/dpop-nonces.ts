import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constantTimeEquals } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/**
 * Server-issued DPoP nonces (RFC 9449 §8, §9), stateless: the nonce of a time slot is an HMAC of the slot under
 * the server's secret, so every instance issues and accepts the same ones without shared state, and a client cannot
 * make one up. A slot lasts the proof window; the current and the previous slot's nonces are accepted, so a nonce
 * lives between one and two windows (§8: the server decides how long).
 */
@Injectable()
export class DpopNonces {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether nonces are demanded, so each answer to a request with a proof carries a fresh one (§8.2). */
  get required(): boolean {
    return this.config.oauth2.dpop.enabled && this.config.oauth2.dpop.requireNonce;
  }

  current(): string {
    return this.nonceOf(this.slot());
  }

  isCurrent(nonce: string): boolean {
    const slot = this.slot();
    return constantTimeEquals(nonce, this.nonceOf(slot)) || constantTimeEquals(nonce, this.nonceOf(slot - 1));
  }

  /** The `DPoP-Nonce` header to send (§8.1), or none when nonces are off. */
  headers(): Record<string, string> {
    return this.required ? { 'DPoP-Nonce': this.current() } : {};
  }

  private slot(): number {
    return Math.floor(Date.now() / 1000 / Math.max(1, this.config.oauth2.dpop.proofWindow));
  }

  private nonceOf(slot: number): string {
    // §8.1: a nonce is 1*NQCHAR; base64url is.
    return createHmac('sha256', this.config.oauth.secretKey).update(`dpop-nonce:${slot}`).digest('base64url');
  }
}

/**
 * RFC 9449 §8.2, §9: while nonces are required, every answer to a request that carries a proof brings a fresh nonce,
 * so a client never has to fail once more to learn the next one. Express middleware, and the bare doors call it too.
 */
export function sendDpopNonce(nonces: DpopNonces) {
  return (request: IncomingMessage, response: ServerResponse, next?: () => void): void => {
    if (nonces.required && request.headers.dpop !== undefined) {
      response.setHeader('DPoP-Nonce', nonces.current());
    }
    next?.();
  };
}
