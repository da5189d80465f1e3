import { canonicalUserName } from './user-name';

/** MediaWiki's `MaximalPasswordLength` (4096 there; the JSON bodies here take 1024): longer input is refused. */
export const MAX_PASSWORD_LENGTH = 1024;

let commonPasswordSet: Promise<Set<string>> | undefined;
/**
 * The ~49 000 most common passwords of the zxcvbn-ts project's list (MIT), lower-cased: MediaWiki's
 * `PasswordNotInCommonList` rule with the list shipped as data. Loaded at the first password chosen, not at start-up:
 * the list and its Set are about 4 MB of heap that a process answering tokens never reads, and V8 lets the old
 * generation grow to a multiple of what it holds between full collections (issue 12). A Set for O(1) checks.
 */
const commonPasswords = (): Promise<Set<string>> =>
  (commonPasswordSet ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())),
  ));

/**
 * Why `password` may not be chosen by the account `userName`; undefined when it may. MediaWiki's password policy
 * (`$wgPasswordPolicy`): `MinimalPasswordLength`, `MaximalPasswordLength`, `PasswordCannotMatchUsername` (compared as
 * the canonical names compare, so case, underscores and spaces do not make a difference) and `PasswordNotInCommonList`.
 */
export async function passwordProblem(
  password: string,
  userName: string,
  minLength: number,
): Promise<string | undefined> {
  if ([...password].length < minLength) {
    return `The password must be at least ${minLength} characters long`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  }
  if (canonicalUserName(password).toLowerCase() === canonicalUserName(userName).toLowerCase()) {
    return 'The password must not be the user name';
  }
  if ((await commonPasswords()).has(password.toLowerCase())) {
    return 'This password is among the most commonly used ones; choose another';
  }
  return undefined;
}
