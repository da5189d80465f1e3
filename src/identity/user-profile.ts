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
}
