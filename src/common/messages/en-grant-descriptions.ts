/**
 * What each built-in grant lets an app do, as the consent pages, the registration form and `GET /api/grants?lang=`
 * show it (MediaWiki's `grant-*` messages). A grant from `GRANTS_FILE` shows its configured English text instead.
 */
export const EN_GRANT_DESCRIPTIONS = {
  'grant-description.basic': 'Basic rights',
  'grant-description.highvolume': 'High-volume (bot) access',
  'grant-description.import': 'Import revisions',
  'grant-description.editpage': 'Edit existing pages',
  'grant-description.editprotected': 'Edit protected pages',
  'grant-description.editmycssjs': 'Edit your user CSS/JSON/JavaScript',
  'grant-description.editmyoptions': 'Edit your user preferences and JSON configuration',
  'grant-description.editinterface': 'Edit the MediaWiki namespace and sitewide/user JSON',
  'grant-description.editsiteconfig': 'Edit sitewide and user CSS/JS',
  'grant-description.createeditmovepage': 'Create, edit, and move pages',
  'grant-description.uploadfile': 'Upload new files',
  'grant-description.uploadeditmovefile': 'Upload, replace, and move files',
  'grant-description.patrol': 'Patrol changes to pages',
  'grant-description.rollback': 'Rollback changes to pages',
  'grant-description.blockusers': 'Block and unblock users',
  'grant-description.viewdeleted': 'View deleted files and pages',
  'grant-description.viewrestrictedlogs': 'View restricted log entries',
  'grant-description.delete': 'Delete pages, revisions, and log entries',
  'grant-description.oversight': 'Hide users and suppress revisions',
  'grant-description.protect': 'Protect and unprotect pages',
  'grant-description.viewmywatchlist': 'View your watchlist',
  'grant-description.editmywatchlist': 'Edit your watchlist',
  'grant-description.sendemail': 'Send email to other users',
  'grant-description.createaccount': 'Create accounts',
  'grant-description.privateinfo': 'Access private information',
  'grant-description.mergehistory': 'Merge the history of pages',
  'grant-description.mwoauth-authonly':
    "User identity verification only, no ability to read pages or act on a user's behalf.",
  'grant-description.mwoauth-authonlyprivate':
    "User identity verification only with access to real name and email address, no ability to read pages or act on a user's behalf.",
  'grant-description.openid': 'Sign you in with your account (OpenID Connect): the app learns who you are, no more.',
  'grant-description.profile': 'Your user name and real name, shown to the app when it signs you in.',
  'grant-description.email': 'Your email address and whether it is confirmed, shown to the app when it signs you in.',
  'grant-description.offline_access':
    'Keep access while you are away: the app may renew its sign-in without asking you again.',
  'grant-description.oauthmanageownclient':
    'Manage your OAuth clients: propose and update them, and manage the apps you authorized',
  'grant-description.introspect':
    'Introspect tokens (RFC 7662): a gateway or resource server holding this grant may inspect every token issued by this server, whoever it belongs to',
  'grant-description.token-exchange':
    'Act for you with the access you gave other apps (RFC 8693 token exchange): this service may trade a token another app holds for you for one of its own, never with more than both apps and you allowed',
} as const;
