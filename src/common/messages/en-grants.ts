/** "My grants" (MediaWiki's Special:OAuthManageMyGrants): the apps a person authorized, and revoking them. */
export const EN_GRANTS = {
  'grants.title': 'My grants',
  'grants.intro': 'These applications may act for you. Revoke an authorization to stop one; its tokens stop working.',
  'grants.empty': 'You have not authorized any application.',
  'grants.done.revoked': 'The authorization was revoked. The application can no longer act for you.',
  'grants.column.application': 'Application',
  'grants.column.publisher': 'Publisher',
  'grants.column.grants': 'Grants',
  'grants.column.site': 'Site',
  'grants.column.authorized': 'Authorized',
  'grants.manage': 'Manage',
  'grants.manage.title': 'Authorization of {name}',
  'grants.manage.granted': 'Granted permissions',
  'grants.manage.revoke-intro':
    'Revoking takes back every permission above: the application can no longer act for you and every token it holds stops working. You can authorize it again later.',
  'grants.manage.revoke': 'Revoke',
  'grants.manage.back': 'Back to my grants',
  'grants.oauth-version': 'OAuth version',
  'grants.site.all': 'All sites',
} as const;
