/** Characters MediaWiki never allows in a user name (they would break titles or links). */
const FORBIDDEN_NAME_CHARACTERS = /[#<>[\]|{}/@:=]/;

/**
 * What a name may not hide: controls (Cc), format characters (Cf: zero-width spaces and joiners, bidirectional
 * controls, soft hyphens, byte order marks), every separator but the plain space (Zs, Zl, Zp), private-use and
 * unassigned code points, lone surrogates, and the other default-ignorable characters a browser draws as nothing
 * (Hangul fillers, variation selectors). MediaWiki's `UserNameUtils::isValid` refuses the same kinds of character;
 * UTS #39 §3.1 keeps them out of identifiers.
 */
const HIDDEN_CHARACTER = /(?! )[\p{Cc}\p{Cf}\p{Z}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

/**
 * MediaWiki's canonical form of a user name: Unicode NFC (so one name has one spelling), underscores read as
 * spaces, runs of spaces collapsed, the first letter upper-cased. "alice_smith" and "Alice smith" are the same
 * account.
 */
export function canonicalUserName(name: string): string {
  const spaced = name.normalize('NFC').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Why `name`, as typed, cannot name a new account; undefined when it can. */
export function userNameProblem(name: string): string | undefined {
  if (HIDDEN_CHARACTER.test(name)) {
    return 'A user name may not contain invisible characters, control characters or spaces other than " "';
  }
  const canonical = canonicalUserName(name);
  if (canonical === '') {
    return 'A user name may not be empty';
  }
  if (FORBIDDEN_NAME_CHARACTERS.test(canonical)) {
    return 'A user name may not contain any of # < > [ ] | { } / @ : =';
  }
  return undefined;
}
