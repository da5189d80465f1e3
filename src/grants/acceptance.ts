/** A user's authorization of a consumer (`oauth_accepted_consumer`, reference §1.2). */
export interface Acceptance {
  id: number;
  /** Site id, or `*` for every site; copied from the consumer when the user accepts. */
  wiki: string;
  userId: number;
  consumerId: number;
  /** OAuth 1 access token (32 hex); stable across re-authorizations. Also made, unused, for OAuth 2. */
  accessToken: string;
  /** The stored value; the secret clients use is derived from it with the server key (DESIGN §6). */
  accessSecretStored: string;
  /** The grants the user accepted: a subset of the consumer's. */
  grants: string[];
  /** When the user last accepted, to the second. */
  acceptedAt: Date;
  oauthVersion: 1 | 2;
}

/** What `AcceptanceService.grant` needs: who authorized which consumer, where, with which grants. */
export interface NewAcceptance {
  userId: number;
  consumerId: number;
  wiki: string;
  grants: string[];
  oauthVersion: 1 | 2;
}
