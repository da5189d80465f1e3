import type { EN_NOTIFICATIONS } from './en-notifications';

/** 日本語: the notifications inbox. */
export const JA_NOTIFICATIONS: Record<keyof typeof EN_NOTIFICATIONS, string> = {
  'notifications.title': '通知',
  'notifications.empty': '通知はありません。',
  'notifications.unread-count': '未読の通知：{count} 件',
  'notifications.unread': '未読',
  'notifications.reason': '理由：{comment}',
  'notifications.review-app': 'アプリケーションを審査',
  'notifications.view-app': 'アプリケーションを表示',
  'notifications.mark-read': '既読にする',
  'notifications.mark-all-read': 'すべて既読にする',
  'notification.oauth-app-propose': '{actor} さんが新しい OAuth アプリケーション「{app}」を申請しました',
  'notification.oauth-app-update': '{actor} さんが OAuth アプリケーション「{app}」を更新しました',
  'notification.oauth-app-approve': '{actor} さんがあなたの OAuth アプリケーション「{app}」を承認しました',
  'notification.oauth-app-reject': '{actor} さんがあなたの OAuth アプリケーション「{app}」を却下しました',
  'notification.oauth-app-disable': '{actor} さんがあなたの OAuth アプリケーション「{app}」を無効にしました',
  'notification.oauth-app-reenable': '{actor} さんがあなたの OAuth アプリケーション「{app}」を再び有効にしました',
};
