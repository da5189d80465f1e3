/** Who is calling and with what effective rights; set on the request by the global guard. */
export interface AuthContext {
  userId: number;
  userName: string;
  groups: string[];
  /** For OAuth callers, the user's rights intersected with the rights of the accepted grants (DESIGN §7). */
  rights: ReadonlySet<string>;
  via: 'session' | 'oauth1' | 'oauth2';
  /** Present for cookie sessions: their id and the token unsafe requests must echo in `X-CSRF-Token`. */
  session?: { id: string; csrfToken: string };
}
