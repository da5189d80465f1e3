import type { EN_NOTIFICATIONS } from './en-notifications';

/** עברית: the notifications inbox. */
export const HE_NOTIFICATIONS: Record<keyof typeof EN_NOTIFICATIONS, string> = {
  'notifications.title': 'התראות',
  'notifications.empty': 'אין התראות.',
  'notifications.unread-count': 'התראות שלא נקראו: {count}',
  'notifications.unread': 'לא נקראה',
  'notifications.reason': 'סיבה: {comment}',
  'notifications.review-app': 'בדיקת האפליקציה',
  'notifications.view-app': 'הצגת האפליקציה',
  'notifications.mark-read': 'סימון כנקראה',
  'notifications.mark-all-read': 'סימון הכול כנקרא',
  'notification.oauth-app-propose': '{actor}: הוגשה בקשה לאפליקציית OAuth חדשה: {app}',
  'notification.oauth-app-update': '{actor}: אפליקציית ה־OAuth {app} עודכנה',
  'notification.oauth-app-approve': '{actor}: אפליקציית ה־OAuth שלך ({app}) אושרה',
  'notification.oauth-app-reject': '{actor}: אפליקציית ה־OAuth שלך ({app}) נדחתה',
  'notification.oauth-app-disable': '{actor}: אפליקציית ה־OAuth שלך ({app}) הושבתה',
  'notification.oauth-app-reenable': '{actor}: אפליקציית ה־OAuth שלך ({app}) הופעלה מחדש',
};
