import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import type { AppRequest } from '../../common/http/app-request';
import type { AuthorizationRequest } from '../authorize/authorization-request';
import type { UserGrant } from '../grants/token-pair.service';
import type { AuthorizationInteraction, IssuedUserGrant, Oauth2Extension } from './oauth2-extension';

/** The extensions registered over OAuth 2; each hook asks every one of them, in the order they registered. */
@Injectable()
export class Oauth2Extensions {
  private readonly extensions: Oauth2Extension[] = [];

  register(extension: Oauth2Extension): void {
    this.extensions.push(extension);
  }

  metadata(): Record<string, unknown> {
    return Object.assign({}, ...this.extensions.map((extension) => extension.metadata?.() ?? {})) as Record<
      string,
      unknown
    >;
  }

  /**
   * The interaction the extensions ask for: the first sign-in or consent demand wins, and each one's carried state
   * is kept under its name.
   */
  authorizationRequest(
    request: AppRequest,
    checked: AuthorizationRequest,
    auth: AuthContext | undefined,
  ): AuthorizationInteraction {
    const merged: AuthorizationInteraction = {};
    for (const extension of this.extensions) {
      const interaction = extension.authorizationRequest?.(request, checked, auth);
      if (!interaction) {
        continue;
      }
      merged.login ??= interaction.login;
      merged.consent ??= interaction.consent;
      if (interaction.carried) {
        merged.carried = { ...merged.carried, [extension.name]: interaction.carried };
      }
    }
    return merged;
  }

  /** What the extensions carry with a device approval, each one's under its name. */
  deviceAuthorization(scopes: string[], auth: AuthContext): Record<string, unknown> | undefined {
    let carried: Record<string, unknown> | undefined;
    for (const extension of this.extensions) {
      const own = extension.deviceAuthorization?.(scopes, auth);
      if (own) {
        carried = { ...carried, [extension.name]: own };
      }
    }
    return carried;
  }

  mayRefresh(grant: UserGrant): boolean {
    return this.extensions.every((extension) => extension.mayRefresh?.(grant) ?? true);
  }

  /** The fields the extensions add to a token response; each gets what it carried with the code. */
  async tokenResponse(issued: IssuedUserGrant): Promise<Record<string, unknown>> {
    const fields: Record<string, unknown> = {};
    for (const extension of this.extensions) {
      if (extension.tokenResponse) {
        const carried = issued.carried?.[extension.name] as Record<string, unknown> | undefined;
        Object.assign(fields, await extension.tokenResponse({ ...issued, carried }));
      }
    }
    return fields;
  }
}
