import { dictionary } from '@zxcvbn-ts/language-common';
import { canonicalUserName } from './user-name';

/** MediaWiki's `MaximalPasswordLength` (4096 there; the JSON bodies here take 1024): longer input is refused. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The ~49 000 most common passwords of the zxcvbn-ts project's list (MIT), lower-cased: MediaWiki's
 * `PasswordNotInCommonList` rule with the list shipped as data. Loaded once, a Set for O(1) checks.
 */
const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));

/**
 * Why `password` may not be chosen by the account `userName`; undefined when it may. MediaWiki's password policy
 * (`$wgPasswordPolicy`): `MinimalPasswordLength`, `MaximalPasswordLength`, `PasswordCannotMatchUsername` (compared as
 * the canonical names compare, so case, underscores and spaces do not make a difference) and `PasswordNotInCommonList`.
 */
export function passwordProblem(password: string, userName: string, minLength: number): string | undefined {
  if ([...password].length < minLength) {
    return `The password must be at least ${minLength} characters long`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  }
  if (canonicalUserName(password).toLowerCase() === canonicalUserName(userName).toLowerCase()) {
    return 'The password must not be the user name';
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    return 'This password is among the most commonly used ones; choose another';
  }
  return undefined;
}
