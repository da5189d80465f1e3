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
} as const;
