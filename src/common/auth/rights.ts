/**
 * The rights routes ask for: MediaWiki core's own rights that the API needs (`read`, the private-information pair),
 * MediaWiki's OAuth rights (reference §2.1), MediaWiki's `block`, and the service's own `userrights` (DESIGN §7) and `mwoauthmanagekeys`.
 */
export enum Right {
  Read = 'read',
  ViewMyPrivateInfo = 'viewmyprivateinfo',
  EditMyPrivateInfo = 'editmyprivateinfo',
  /** MediaWiki's `editmyoptions`: change one's own preferences (language, time zone, gender). */
  EditMyOptions = 'editmyoptions',
  ProposeConsumer = 'mwoauthproposeconsumer',
  UpdateOwnConsumer = 'mwoauthupdateownconsumer',
  ManageConsumer = 'mwoauthmanageconsumer',
  Suppress = 'mwoauthsuppress',
  ViewSuppressed = 'mwoauthviewsuppressed',
  ViewPrivate = 'mwoauthviewprivate',
  ManageMyGrants = 'mwoauthmanagemygrants',
  UserRights = 'userrights',
  /** MediaWiki's `block`: block and unblock accounts. */
  Block = 'block',
  /** The service's own: list, rotate and retire the OAuth 2 / OpenID Connect signing keys. */
  ManageKeys = 'mwoauthmanagekeys',
}

/** The rights among `required` that `held` lacks (empty when every one is held). */
export function missingRights(required: readonly string[], held: ReadonlySet<string>): string[] {
  return required.filter((right) => !held.has(right));
}
