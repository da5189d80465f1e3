import type { Instance } from './deployment';
import { type LoadCredentials, authorizeCode, codeFlow, exchangeCode, isActive, refreshTokens } from './load';

/** The service's authorization codes live 60 s (src/oauth2/authorize/authorization-code.store.ts), less a margin. */
const CODE_CHECKABLE_MS = 50_000;

export interface AcknowledgedCheck {
  grants: number;
  codes: number;
  /** Codes older than their lifetime by the time they could be checked: expired, so not checked. */
  codesExpired: number;
  /** Each token, refresh token or code acknowledged before the fault that does not work after it. */
  lost: string[];
}

/**
 * What the service acknowledged before a fault: grants (an access token and its refresh token, from the code flow)
 * and authorization codes not yet redeemed. After the fault each must still work: the access token is active
 * (introspection), the refresh token redeems (200), the code exchanges for tokens (200).
 */
export class Acknowledged {
  private constructor(
    private readonly credentials: LoadCredentials,
    private readonly front: Instance,
    private readonly grants: { access: string; refresh: string }[],
    private readonly codes: { code: string; verifier: string; issuedAt: number }[],
  ) {}

  static async issue(credentials: LoadCredentials, front: Instance, count = 4): Promise<Acknowledged> {
    const grants: { access: string; refresh: string }[] = [];
    const codes: { code: string; verifier: string; issuedAt: number }[] = [];
    for (let index = 0; index < count; index += 1) {
      const { answer } = await codeFlow(credentials, front.url);
      if (answer.status !== 200) {
        throw new Error(`a grant before the fault failed: ${answer.status} ${answer.body}`);
      }
      const tokens = JSON.parse(answer.body) as { access_token: string; refresh_token: string };
      grants.push({ access: tokens.access_token, refresh: tokens.refresh_token });
      const authorized = await authorizeCode(credentials, front.url);
      if (!('code' in authorized)) {
        throw new Error(`a code before the fault failed: ${authorized.status} ${authorized.body}`);
      }
      codes.push({ ...authorized, issuedAt: Date.now() });
    }
    return new Acknowledged(credentials, front, grants, codes);
  }

  async check(): Promise<AcknowledgedCheck> {
    const lost: string[] = [];
    let codesExpired = 0;
    for (const [index, code] of this.codes.entries()) {
      if (Date.now() - code.issuedAt > CODE_CHECKABLE_MS) {
        codesExpired += 1;
        continue;
      }
      const answer = await exchangeCode(this.credentials, this.front.url, code);
      if (answer.status !== 200) {
        lost.push(`code ${index}: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
    }
    for (const [index, grant] of this.grants.entries()) {
      const active = await isActive(this.credentials, this.front.url, grant.access);
      if (active !== true) {
        lost.push(`access token ${index}: introspection says ${String(active)}`);
      }
      const refreshed = await refreshTokens(this.credentials, this.front.url, grant.refresh);
      if (refreshed.status !== 200) {
        lost.push(`refresh token ${index}: ${refreshed.status} ${refreshed.body.slice(0, 200)}`);
      }
    }
    return { grants: this.grants.length, codes: this.codes.length, codesExpired, lost };
  }
}
