import type { ViewerPreferences } from '../common/messages/language-context';

/** What the rest of the service knows of an account; never carries the password hash. */
export interface UserProfile {
  id: number;
  name: string;
  email: string;
  emailConfirmed: boolean;
  realName: string;
  /** Current explicit memberships; the implicit `user` group is not listed. */
  groups: string[];
  rights: string[];
  registeredAt: Date;
  blocked: boolean;
  locked: boolean;
  /** An admin reset the password: the account must choose a new one before anything else. */
  passwordChangeRequired: boolean;
  /** Sessions signed in before this moment no longer count; null when all do. */
  sessionsValidFrom: Date | null;
  /** Language, time zone and gender, as the person chose them. */
  preferences: ViewerPreferences;
}
