/** Who is calling and with what effective rights; set on the request by the global guard. */
export interface AuthContext {
  userId: number;
  userName: string;
  groups: string[];
  /** For OAuth callers, the user's rights intersected with the rights of the accepted grants (DESIGN §7). */
  rights: ReadonlySet<string>;
  via: 'session' | 'oauth1' | 'oauth2';
  /**
   * The account is blocked. Its session is still recognised, so pages can say why they refuse, but it may do nothing
   * (`checkCredentialMay`); OAuth credentials of blocked accounts are refused before they get here.
   */
  blocked: boolean;
  /**
   * Cookie sessions only: what the person must do before anything else (`checkCredentialMay`): choose a new password
   * after an admin reset it, or enrol a second factor that their group requires.
   */
  setupRequired?: 'password-change' | 'second-factor';
  /**
   * Present for cookie sessions: their id, the token unsafe requests must echo in `X-CSRF-Token`, and what OpenID
   * Connect tells apps of the sign-in (`sid`, `auth_time` in epoch seconds, `amr`).
   */
  session?: { id: string; csrfToken: string; sid: string; authTime: number; amr: string[] };
}
