/** The notifications inbox (MediaWiki's Echo notifications of the OAuth extension). */
export const EN_NOTIFICATIONS = {
  'notifications.title': 'Notifications',
  'notifications.empty': 'You have no notifications.',
  'notifications.unread-count': 'Unread notifications: {count}',
  'notifications.unread': 'Unread',
  'notifications.reason': 'Reason: {comment}',
  'notifications.review-app': 'Review app',
  'notifications.view-app': 'View app',
  'notifications.mark-read': 'Mark as read',
  'notifications.mark-all-read': 'Mark all as read',
  // What each notification says (MediaWiki's `notification-oauth-app-*-title`); also the webhook's `message`.
  'notification.oauth-app-propose': '{actor} proposed a new OAuth app: {app}',
  'notification.oauth-app-update': '{actor} updated the OAuth app {app}',
  'notification.oauth-app-approve': '{actor} approved your OAuth app ({app})',
  'notification.oauth-app-reject': '{actor} rejected your OAuth app ({app})',
  'notification.oauth-app-disable': '{actor} disabled your OAuth app ({app})',
  'notification.oauth-app-reenable': '{actor} re-enabled your OAuth app ({app})',
} as const;
