/**
 * Published after a login session was ended by its user (signing out on a page, the API or OpenID Connect's logout
 * endpoint), so OpenID Connect can tell the apps the session signed into (Back-Channel Logout 1.0) without
 * `identity` importing it.
 */
export const SESSION_ENDED_EVENT = 'session.ended';

export interface SessionEndedEvent {
  /** The session's public name (`sid`), never its id. */
  sid: string;
  userId: number;
}
