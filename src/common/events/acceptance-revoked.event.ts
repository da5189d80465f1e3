/**
 * Published after a user's authorization of a consumer was deleted, so the modules that issued tokens under it
 * (OAuth 1 access tokens live on the acceptance itself; OAuth 2 tokens reference it) can kill them.
 */
export const ACCEPTANCE_REVOKED_EVENT = 'acceptance.revoked';

export interface AcceptanceRevokedEvent {
  acceptanceId: number;
  userId: number;
  consumerId: number;
}
