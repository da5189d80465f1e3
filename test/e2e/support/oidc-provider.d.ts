/** The little of `oidc-provider` (which ships no types) that the upstream-provider tests use. */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & { findAccount?: (context: unknown, id: string) => Account },
    );
    listen(port: number, host: string): Server;
  }
}
